import { renderMarkdown } from '@parley/markdown'
import { ErrorPanel, Loading } from '@parley/ui'
import { A, useParams } from '@solidjs/router'
import { createResource, Match, Switch } from 'solid-js'
import { withFailureMessage } from '../data/visitor.data.ts'
import { t } from '../i18n/index.ts'
import { api } from '../lib/trpc.client.ts'

/** One published help article, read inside the chat; the chat itself is one link away. */
export default function HelpArticlePage() {
  const params = useParams<{ slug: string }>()
  const [article, { refetch }] = createResource(
    () => params.slug,
    (slug) => withFailureMessage(api.kb.helpArticle.query({ slug })),
  )

  return (
    <section class="help" aria-live="polite">
      <div class="help-header">
        <A href="/help" class="help-back">
          {t('help.allArticles')}
        </A>
        <A href="/" class="help-back">
          {t('help.backToChat')}
        </A>
      </div>
      <Switch fallback={<Loading />}>
        <Match when={article.error}>
          <ErrorPanel message={(article.error as Error).message} onRetry={refetch} />
        </Match>
        <Match when={article()}>
          {(shown) => (
            <article class="help-article" aria-labelledby="help-article-title">
              <h2 id="help-article-title">{shown().title}</h2>
              {/* renderMarkdown sanitises: what an agent wrote cannot run here. */}
              <div class="markdown" innerHTML={renderMarkdown(shown().body)} />
            </article>
          )}
        </Match>
      </Switch>
    </section>
  )
}
