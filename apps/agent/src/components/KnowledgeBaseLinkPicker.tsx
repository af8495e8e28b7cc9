import { BookIcon } from '@parley/ui'
import { createResource, createSignal, For, onCleanup, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { api } from '../lib/trpc.client.ts'
import { ComposerPickerDialog } from './ComposerPickerDialog.tsx'

const SEARCH_DEBOUNCE_MS = 200

/** `[[URL | title]]`, which both apps render as a link; brackets in a title would end it early. */
export function knowledgeBaseLink(
  url: string,
  title: string,
): { text: string; titleAt: number; titleLength: number } {
  const label = title.replace(/[[\]]/g, '')
  const before = `[[${url} | `
  return { text: `${before}${label}]]`, titleAt: before.length, titleLength: label.length }
}

/**
 * "Send knowledge base link": a searchable list of published articles; the chosen one goes into the
 * message at the cursor as `[[URL | title]]`, with the title selected so typing replaces the link text.
 */
export function KnowledgeBaseLinkPicker(props: {
  /** The composer's textarea, where the link is inserted. */
  textarea: () => HTMLTextAreaElement | undefined
  /** Tells the composer its text changed (as typing does). */
  onInput: (value: string) => void
}) {
  const [open, setOpen] = createSignal(false)
  const [searchText, setSearchText] = createSignal('')
  const [search, setSearch] = createSignal('')
  const [articles] = createResource(
    () => (open() ? { search: search() } : null),
    (query) => api.kb.list.query({ status: 'published', ...(query.search ? { search: query.search } : {}) }),
  )
  /** Where the link went, so the caret can be put there once the dialog has closed. */
  let inserted: { from: number; to: number } | null = null
  /** The selection when the dialog opened: focus moves into the dialog and the textarea forgets it. */
  let selection = { start: 0, end: 0 }

  let debounce: ReturnType<typeof setTimeout> | undefined
  const onSearchInput = (value: string) => {
    setSearchText(value)
    clearTimeout(debounce)
    debounce = setTimeout(() => setSearch(value.trim()), SEARCH_DEBOUNCE_MS)
  }
  onCleanup(() => clearTimeout(debounce))

  const onOpenChange = (next: boolean) => {
    if (next) {
      const el = props.textarea()
      selection = { start: el?.selectionStart ?? 0, end: el?.selectionEnd ?? 0 }
      inserted = null
      setSearchText('')
      setSearch('')
    }
    setOpen(next)
  }

  const choose = (url: string, title: string) => {
    const el = props.textarea()
    if (!el) return
    const { text, titleAt, titleLength } = knowledgeBaseLink(url, title)
    const next = el.value.slice(0, selection.start) + text + el.value.slice(selection.end)
    el.value = next
    props.onInput(next)
    inserted = { from: selection.start + titleAt, to: selection.start + titleAt + titleLength }
    setOpen(false)
  }

  return (
    <ComposerPickerDialog
      open={open()}
      onOpenChange={onOpenChange}
      label={t('composer.kbLink')}
      icon={() => <BookIcon />}
      title={t('kb.pickerTitle')}
      description={t('kb.pickerDescription')}
      searchLabel={t('kb.search')}
      searchPlaceholder={t('kb.searchPlaceholder')}
      search={searchText()}
      onSearch={onSearchInput}
      onEnter={() => {
        // Only a list that answers what is typed now: not one still waiting for its search.
        const current = search() === searchText().trim() && articles.state === 'ready'
        const first = current ? articles.latest?.[0] : undefined
        if (first) choose(first.url, first.title)
      }}
      error={articles.error}
      restoreFocus={() => {
        // Back to the message, with the link text selected for editing.
        const el = props.textarea()
        const range = inserted ?? { from: selection.start, to: selection.end }
        el?.focus()
        el?.setSelectionRange(range.from, range.to)
      }}
    >
      <Show
        when={(articles.latest ?? []).length > 0}
        fallback={
          <Show when={articles.state === 'ready'}>
            <p class="kb-hint">{t('kb.pickerEmpty')}</p>
          </Show>
        }
      >
        <ul class="kb-picker-list" aria-label={t('kb.listLabel')}>
          <For each={articles.latest}>
            {(article) => (
              <li>
                <button
                  type="button"
                  class="kb-picker-item"
                  onClick={() => choose(article.url, article.title)}
                >
                  <span class="kb-row-title">{article.title}</span>
                  <span class="kb-row-meta">
                    <span>/kb/{article.slug}</span>
                    <Show when={article.category}>
                      <span>{article.category}</span>
                    </Show>
                  </span>
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </ComposerPickerDialog>
  )
}
