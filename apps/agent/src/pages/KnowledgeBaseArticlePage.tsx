import { createAsync, type RouteSectionProps } from '@solidjs/router'
import { createMemo, Show } from 'solid-js'
import { KnowledgeBaseEditor } from '../components/KnowledgeBaseEditor.tsx'
import { getArticle } from '../data/kb.data.ts'
import type { ArticleDTO } from '../lib/trpc.client.ts'

/** `/knowledge-base/new` writes a new article, `/knowledge-base/:id` edits one. */
export default function KnowledgeBaseArticlePage(props: RouteSectionProps) {
  const id = () => props.params.id
  const article = createAsync(async () => {
    const current = id()
    return current ? getArticle(current) : null
  })
  // While a save refetches the article, the editor (which keeps what it saved) stays on screen.
  const loaded = createMemo<ArticleDTO | undefined>((previous) => {
    const current = article()
    if (current && current.id === id()) return current
    return previous?.id === id() ? previous : undefined
  })
  return (
    <Show when={id() ? loaded()?.id : 'new'} keyed>
      {(key) => <KnowledgeBaseEditor article={key === 'new' ? null : (loaded() ?? null)} />}
    </Show>
  )
}
