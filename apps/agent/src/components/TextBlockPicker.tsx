import { toPlainText } from '@parley/markdown'
import { TextBlockIcon } from '@parley/ui'
import { A } from '@solidjs/router'
import { createResource, createSignal, For, Show } from 'solid-js'
import { getTextBlocks, matchesTextBlock } from '../data/text-block.data.ts'
import { t } from '../i18n/index.ts'
import type { TextBlockDTO } from '../lib/trpc.client.ts'
import { ComposerPickerDialog } from './ComposerPickerDialog.tsx'
import { createInlineMenu } from './InlineMenu.tsx'
import '../styles/text-blocks.css'

/** The blocks, fetched only once something asks for them (the list is cached and refreshed on change). */
export function useTextBlocks(wanted: () => boolean) {
  const [blocks] = createResource(
    () => wanted() || undefined,
    () => getTextBlocks(),
  )
  return blocks
}

/** One block in a list: its title, then the start of its text as it will read. */
export function TextBlockSummary(props: { block: TextBlockDTO }) {
  return (
    <>
      <span class="text-block-title">
        {props.block.title}
        <Show when={!props.block.shared}>
          <span class="text-block-tag">{t('textBlocks.personal')}</span>
        </Show>
      </span>
      <span class="text-block-preview">{toPlainText(props.block.body)}</span>
    </>
  )
}

/**
 * "Insert text block": a searchable list of saved replies; the chosen one, its variables filled in,
 * replaces the selection, and the caret waits after it so the agent can adapt it before sending.
 */
export function TextBlockPicker(props: {
  textarea: () => HTMLTextAreaElement | undefined
  /** Puts the block in place of the range; answers where the caret goes, or null when it failed. */
  insert: (block: TextBlockDTO, range: { start: number; end: number }) => Promise<{ caret: number } | null>
}) {
  const [open, setOpen] = createSignal(false)
  const [search, setSearch] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const blocks = useTextBlocks(open)
  const found = () => (blocks.latest ?? []).filter((block) => matchesTextBlock(block, search()))
  /** The selection when the dialog opened: focus moves into the dialog and the textarea forgets it. */
  let selection = { start: 0, end: 0 }
  let caret: number | null = null

  const onOpenChange = (next: boolean) => {
    if (next) {
      const el = props.textarea()
      selection = { start: el?.selectionStart ?? 0, end: el?.selectionEnd ?? 0 }
      caret = null
      setSearch('')
    }
    setOpen(next)
  }

  const choose = async (block: TextBlockDTO) => {
    if (busy()) return
    setBusy(true)
    try {
      const placed = await props.insert(block, selection)
      if (placed) {
        caret = placed.caret
        setOpen(false)
      }
    } finally {
      setBusy(false)
    }
  }

  return (
    <ComposerPickerDialog
      open={open()}
      onOpenChange={onOpenChange}
      label={t('composer.textBlock')}
      shortcutHint="/"
      icon={() => <TextBlockIcon />}
      title={t('textBlocks.pickerTitle')}
      description={t('textBlocks.pickerDescription')}
      searchLabel={t('textBlocks.search')}
      searchPlaceholder={t('textBlocks.searchPlaceholder')}
      search={search()}
      onSearch={setSearch}
      onEnter={() => {
        const first = found()[0]
        if (first) void choose(first)
      }}
      error={blocks.error}
      restoreFocus={() => {
        // Back to the message with the caret after the inserted text, ready to adapt it.
        const el = props.textarea()
        el?.focus()
        if (caret !== null) el?.setSelectionRange(caret, caret)
        else el?.setSelectionRange(selection.start, selection.end)
      }}
      actions={
        <A href="/text-blocks" class="button button--ghost">
          {t('textBlocks.manage')}
        </A>
      }
    >
      <Show
        when={found().length > 0}
        fallback={
          <Show when={blocks.state === 'ready'}>
            <p class="kb-hint">
              {(blocks.latest ?? []).length === 0 ? t('textBlocks.none') : t('textBlocks.noMatch')}
            </p>
          </Show>
        }
      >
        <ul class="kb-picker-list" aria-label={t('textBlocks.listLabel')}>
          <For each={found()}>
            {(block) => (
              <li>
                <button
                  type="button"
                  class="kb-picker-item"
                  disabled={busy()}
                  onClick={() => void choose(block)}
                >
                  <TextBlockSummary block={block} />
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </ComposerPickerDialog>
  )
}

/** How many blocks the inline `/` menu offers at once; typing narrows it. */
const SLASH_MENU_SIZE = 8

/** The inline menu that typing `/` at the start of the message opens: the blocks, filtered by what follows. */
export function createSlashMenu(options: {
  /** What follows the `/` when the message is a slash and nothing else, or null. */
  query: () => string | null
  insert: (block: TextBlockDTO) => void
}) {
  const blocks = useTextBlocks(() => options.query() !== null)
  return createInlineMenu<TextBlockDTO>({
    id: 'slash-text-blocks',
    label: () => t('textBlocks.listLabel'),
    query: options.query,
    items: (query) =>
      blocks.state === 'ready'
        ? (blocks.latest ?? []).filter((block) => matchesTextBlock(block, query)).slice(0, SLASH_MENU_SIZE)
        : undefined,
    insert: options.insert,
    render: (block) => <TextBlockSummary block={block} />,
    empty: () => t('textBlocks.noMatch'),
    hint: () => t('textBlocks.slashHint'),
  })
}
