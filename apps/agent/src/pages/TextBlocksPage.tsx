import { SearchIcon } from '@parley/ui'
import { createAsync, useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { FormFeedback } from '../components/FormFeedback.tsx'
import { TextBlockSummary } from '../components/TextBlockPicker.tsx'
import {
  changeTextBlock,
  createTextBlock,
  getTextBlocks,
  matchesTextBlock,
  removeTextBlock,
} from '../data/text-block.data.ts'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'
import { useMe } from '../lib/me.context.ts'
import type { TextBlockDTO } from '../lib/trpc.client.ts'
import '../styles/kb.css'
import '../styles/text-blocks.css'

/**
 * Saved replies: every agent keeps their own, admins also the shared ones the whole team uses (who may
 * change which is the server's `writable`, decided in the domain's text-block rules).
 */
export default function TextBlocksPage() {
  const me = useMe()
  const blocks = createAsync(() => getTextBlocks())
  const create = useAction(createTextBlock)
  const change = useAction(changeTextBlock)
  const remove = useAction(removeTextBlock)
  const [search, setSearch] = createSignal('')
  /** The block being edited in the form, or null while the form writes a new one. */
  const [editing, setEditing] = createSignal<TextBlockDTO | null>(null)
  const [feedback, setFeedback] = createSignal<{ error?: string; done?: string }>({})
  let form: HTMLFormElement | undefined

  const found = () => (blocks() ?? []).filter((block) => matchesTextBlock(block, search()))

  const attempt = async (work: () => Promise<unknown>, done: string) => {
    setFeedback({})
    try {
      await work()
      setFeedback({ done })
      return true
    } catch (caught) {
      setFeedback({ error: errorMessage(caught) })
      return false
    }
  }

  const startEditing = (block: TextBlockDTO) => {
    setEditing(block)
    setFeedback({})
    queueMicrotask(() => form?.querySelector<HTMLInputElement>('input[name="title"]')?.focus())
  }

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault()
    const data = new FormData(event.currentTarget as HTMLFormElement)
    const fields = { title: String(data.get('title') ?? ''), body: String(data.get('body') ?? '') }
    const block = editing()
    const saved = await attempt(
      () =>
        block
          ? change(block.id, fields)
          : create({ ...fields, shared: me().role === 'admin' && data.get('shared') === 'on' }),
      t('textBlocks.saved'),
    )
    if (saved) {
      setEditing(null)
      form?.reset()
    }
  }

  return (
    <div class="settings-page text-blocks-page">
      <h2>{t('textBlocks.title')}</h2>
      <p class="settings-hint">{t('textBlocks.intro')}</p>
      <section class="settings-section" aria-labelledby="text-block-form-title">
        <h3 id="text-block-form-title">{editing() ? t('textBlocks.editTitle') : t('textBlocks.new')}</h3>
        <form ref={form} class="form" aria-labelledby="text-block-form-title" onSubmit={onSubmit}>
          <label class="field">
            <span>{t('textBlocks.fieldTitle')}</span>
            <input name="title" required maxLength={120} value={editing()?.title ?? ''} />
          </label>
          <label class="field">
            <span>{t('textBlocks.fieldBody')}</span>
            <textarea
              class="kb-body-input text-block-body"
              name="body"
              required
              maxLength={20_000}
              value={editing()?.body ?? ''}
            />
          </label>
          <p class="settings-hint">{t('textBlocks.variables')}</p>
          <Show when={!editing()}>
            <Show
              when={me().role === 'admin'}
              fallback={<p class="settings-hint">{t('textBlocks.personalOnly')}</p>}
            >
              <label class="checkbox-field">
                <input type="checkbox" name="shared" />
                <span>{t('textBlocks.shared')}</span>
              </label>
            </Show>
          </Show>
          <div class="dialog-actions">
            <Show when={editing()}>
              <button
                type="button"
                class="button button--ghost"
                onClick={() => {
                  setEditing(null)
                  form?.reset()
                }}
              >
                {t('textBlocks.cancel')}
              </button>
            </Show>
            <button type="submit" class="button button--primary">
              {t('textBlocks.save')}
            </button>
          </div>
        </form>
        <FormFeedback {...feedback()} />
      </section>
      <section class="text-blocks-page" aria-labelledby="text-block-list-title">
        <h3 id="text-block-list-title">{t('textBlocks.listLabel')}</h3>
        <label class="search">
          <SearchIcon />
          <input
            type="search"
            aria-label={t('textBlocks.search')}
            placeholder={t('textBlocks.searchPlaceholder')}
            value={search()}
            onInput={(event) => setSearch(event.currentTarget.value)}
          />
        </label>
        <Show
          when={found().length > 0}
          fallback={
            <p class="settings-hint">
              {(blocks() ?? []).length === 0 ? t('textBlocks.none') : t('textBlocks.noMatch')}
            </p>
          }
        >
          <ul class="text-block-list">
            <For each={found()}>
              {(block) => (
                <li class="text-block-row">
                  <span class="text-block-row-text" id={`text-block-${block.id}`}>
                    <TextBlockSummary block={block} />
                  </span>
                  <Show when={block.writable}>
                    <span class="text-block-row-actions">
                      <button
                        type="button"
                        class="button button--small"
                        aria-describedby={`text-block-${block.id}`}
                        onClick={() => startEditing(block)}
                      >
                        {t('textBlocks.edit')}
                      </button>
                      <button
                        type="button"
                        class="button button--small button--ghost"
                        aria-describedby={`text-block-${block.id}`}
                        onClick={() => {
                          if (!window.confirm(t('textBlocks.removeConfirm', { title: block.title }))) return
                          void attempt(async () => {
                            await remove(block.id)
                            if (editing()?.id === block.id) setEditing(null)
                          }, t('textBlocks.removed'))
                        }}
                      >
                        {t('textBlocks.remove')}
                      </button>
                    </span>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
    </div>
  )
}
