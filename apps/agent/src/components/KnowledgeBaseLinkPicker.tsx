import { Dialog } from '@kobalte/core/dialog'
import { createResource, createSignal, For, onCleanup, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'
import { api } from '../lib/trpc.client.ts'
import { BookIcon, SearchIcon } from './Icon.tsx'
import '../styles/kb.css'

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
    <Dialog open={open()} onOpenChange={onOpenChange}>
      <Dialog.Trigger
        class="icon-button"
        aria-label={t('composer.kbLink')}
        title={t('composer.kbLink')}
        onMouseDown={(event: MouseEvent) => event.preventDefault()}
      >
        <BookIcon />
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay class="dialog-overlay" />
        <div class="dialog-positioner">
          <Dialog.Content
            class="dialog"
            onCloseAutoFocus={() => {
              // Back to the message, with the link text selected for editing. A modal dialog focuses its
              // trigger right after this handler whatever it does, so the textarea takes focus just after.
              const el = props.textarea()
              const range = inserted ?? { from: selection.start, to: selection.end }
              setTimeout(() => {
                el?.focus()
                el?.setSelectionRange(range.from, range.to)
              }, 0)
            }}
          >
            <Dialog.Title class="dialog-title">{t('kb.pickerTitle')}</Dialog.Title>
            <Dialog.Description class="dialog-description">{t('kb.pickerDescription')}</Dialog.Description>
            <div class="form">
              <label class="search">
                <SearchIcon />
                <input
                  type="search"
                  aria-label={t('kb.search')}
                  placeholder={t('kb.searchPlaceholder')}
                  value={searchText()}
                  onInput={(event) => onSearchInput(event.currentTarget.value)}
                  onKeyDown={(event) => {
                    // Enter takes the best match, so a known article is a few keystrokes away.
                    if (event.key !== 'Enter' || event.isComposing) return
                    event.preventDefault()
                    // Only a list that answers what is typed now: not one still waiting for its search.
                    const current = search() === searchText().trim() && articles.state === 'ready'
                    const first = current ? articles.latest?.[0] : undefined
                    if (!first) return
                    choose(first.url, first.title)
                  }}
                />
              </label>
              <Show when={articles.error}>
                <p class="form-error" role="alert">
                  {errorMessage(articles.error)}
                </p>
              </Show>
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
              <div class="dialog-actions">
                <Dialog.CloseButton class="button button--ghost" aria-label={t('kb.pickerCancel')}>
                  {t('kb.pickerCancel')}
                </Dialog.CloseButton>
              </div>
            </div>
          </Dialog.Content>
        </div>
      </Dialog.Portal>
    </Dialog>
  )
}
