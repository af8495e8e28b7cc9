import { PlusIcon, SearchIcon } from '@parley/ui'
import { A, createAsync, type RouteSectionProps } from '@solidjs/router'
import { createSignal, For, onCleanup, Show } from 'solid-js'
import { getArticles } from '../data/kb.data.ts'
import { t } from '../i18n/index.ts'
import '../styles/kb.css'

const SEARCH_DEBOUNCE_MS = 250

/** The knowledge base: every article (drafts too) with a search, beside the one being edited. */
export default function KnowledgeBasePage(props: RouteSectionProps) {
  const [searchText, setSearchText] = createSignal('')
  const [search, setSearch] = createSignal('')
  let debounce: ReturnType<typeof setTimeout> | undefined
  const onSearchInput = (value: string) => {
    setSearchText(value)
    clearTimeout(debounce)
    debounce = setTimeout(() => setSearch(value.trim()), SEARCH_DEBOUNCE_MS)
  }
  onCleanup(() => clearTimeout(debounce))
  const articles = createAsync(() => getArticles(search()))

  return (
    <div class="kb-page">
      <section class="list-column" aria-label={t('kb.listLabel')}>
        <header class="list-header kb-list-header">
          <h1 class="list-title">{t('kb.title')}</h1>
          <A href="/knowledge-base/new" class="button button--primary button--small">
            <PlusIcon />
            <span>{t('kb.new')}</span>
          </A>
        </header>
        <div class="list-toolbar">
          <label class="search">
            <SearchIcon />
            <input
              type="search"
              aria-label={t('kb.search')}
              placeholder={t('kb.searchPlaceholder')}
              value={searchText()}
              onInput={(event) => onSearchInput(event.currentTarget.value)}
            />
          </label>
        </div>
        <Show
          when={(articles() ?? []).length > 0}
          fallback={
            <Show when={articles()}>
              <p class="list-empty">{search() ? t('kb.emptySearch', { search: search() }) : t('kb.empty')}</p>
            </Show>
          }
        >
          <ul class="kb-list">
            <For each={articles()}>
              {(article) => (
                <li>
                  <A href={`/knowledge-base/${article.id}`} class="kb-row" activeClass="kb-row--active">
                    <span class="kb-row-title">{article.title}</span>
                    <span class="kb-row-meta">
                      <span
                        class="kb-status"
                        classList={{ 'kb-status--published': article.status === 'published' }}
                      >
                        {article.status === 'published' ? t('kb.published') : t('kb.draft')}
                      </span>
                      <Show when={article.category}>
                        <span>{article.category}</span>
                      </Show>
                    </span>
                  </A>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
      <section class="kb-main">{props.children}</section>
    </div>
  )
}
