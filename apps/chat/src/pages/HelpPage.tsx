import { ErrorPanel, Loading, SearchIcon } from '@parley/ui'
import { A } from '@solidjs/router'
import { createResource, createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js'
import { withFailureMessage } from '../data/visitor.data.ts'
import { t } from '../i18n/index.ts'
import { api } from '../lib/trpc.client.ts'

const SEARCH_DEBOUNCE_MS = 250

/**
 * Help before (or instead of) a question (issue 10, part 5): the published knowledge base, searched and
 * read inside the chat — on its own page and in the website widget alike.
 */
export default function HelpPage() {
  const [typed, setTyped] = createSignal('')
  const [search, setSearch] = createSignal('')
  let debounce: ReturnType<typeof setTimeout> | undefined
  onCleanup(() => clearTimeout(debounce))
  const [articles, { refetch }] = createResource(search, (query) =>
    withFailureMessage(api.kb.help.query(query ? { search: query } : {})),
  )

  return (
    <section class="help" aria-labelledby="help-title">
      <div class="help-header">
        <h2 id="help-title">{t('help.title')}</h2>
        <A href="/" class="help-back">
          {t('help.backToChat')}
        </A>
      </div>
      <label class="help-search">
        <SearchIcon size={18} />
        <input
          type="search"
          aria-label={t('help.search')}
          placeholder={t('help.search')}
          maxLength={200}
          value={typed()}
          onInput={(event) => {
            const value = event.currentTarget.value
            setTyped(value)
            clearTimeout(debounce)
            debounce = setTimeout(() => setSearch(value.trim()), SEARCH_DEBOUNCE_MS)
          }}
        />
      </label>
      <Switch>
        <Match when={articles.error}>
          <ErrorPanel message={(articles.error as Error).message} onRetry={refetch} />
        </Match>
        <Match when={articles.loading && !articles.latest}>
          <Loading />
        </Match>
        <Match when={true}>
          <ul class="help-articles">
            <For each={articles.latest} fallback={<li class="empty">{t('help.none')}</li>}>
              {(article) => (
                <li>
                  <A href={`/help/${encodeURIComponent(article.slug)}`} class="help-article-link">
                    <span class="help-article-title">{article.title}</span>
                    <Show when={article.category}>
                      <span class="help-article-category">{article.category}</span>
                    </Show>
                  </A>
                </li>
              )}
            </For>
          </ul>
        </Match>
      </Switch>
    </section>
  )
}
