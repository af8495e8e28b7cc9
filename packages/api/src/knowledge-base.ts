import { Article, type ArticleStatus, type EntityManager } from '@parley/db'
import { type AgentActor, canChangeArticle, changeArticleStatus, isPublicArticle } from '@parley/domain'
import { z } from 'zod'

/**
 * Reading the knowledge base, for the agent app (drafts included) and for the public pages the server
 * renders (published only). Every read goes to the database, so every instance shows the same articles
 * the moment one of them saves.
 */

export const articleSummaryOutput = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  category: z.string(),
  status: z.enum(['draft', 'published']),
  updatedAt: z.date(),
  publishedAt: z.date().nullable(),
  /** The public address (PUBLIC_URL-based, absolute), what "Send knowledge base link" inserts. */
  url: z.url(),
})
export type ArticleSummaryDTO = z.infer<typeof articleSummaryOutput>

export const articleOutput = articleSummaryOutput.extend({
  /** Markdown source, rendered by @parley/markdown. */
  body: z.string(),
  updatedBy: z.string().nullable(),
  /** What a change names as the version it was edited from. */
  version: z.number().int(),
  /** Decided by the domain for the agent asking, so the editor offers only what the API will take. */
  mayChange: z.boolean(),
  mayPublish: z.boolean(),
})
export type ArticleDTO = z.infer<typeof articleOutput>

/** The public address of an article: `${publicUrl}/kb/<slug>`. */
export function articleUrl(publicUrl: string, slug: string): string {
  return `${publicUrl.replace(/\/$/, '')}/kb/${slug}`
}

type ArticleRow = Pick<Article, 'id' | 'slug' | 'title' | 'category' | 'status' | 'updatedAt' | 'publishedAt'>

export function toArticleSummaryDTO(article: ArticleRow, publicUrl: string): ArticleSummaryDTO {
  return {
    id: article.id,
    slug: article.slug,
    title: article.title,
    category: article.category,
    status: article.status,
    updatedAt: article.updatedAt,
    publishedAt: article.publishedAt ?? null,
    url: articleUrl(publicUrl, article.slug),
  }
}

export function toArticleDTO(article: Article, publicUrl: string, viewer: AgentActor): ArticleDTO {
  const other = article.status === 'published' ? 'draft' : 'published'
  return {
    ...toArticleSummaryDTO(article, publicUrl),
    body: article.body,
    updatedBy: article.updatedBy?.name ?? null,
    version: article.version,
    mayChange: canChangeArticle(viewer, article).ok,
    mayPublish: changeArticleStatus(viewer, article, other).ok,
  }
}

export interface ArticleQuery {
  /** Text to find in titles, categories and bodies; `%` and `_` match themselves. */
  search: string | null
  status: ArticleStatus | null
  limit: number
}

const SUMMARY_FIELDS = ['id', 'slug', 'title', 'category', 'status', 'updatedAt', 'publishedAt'] as const

/** Articles without their bodies, newest change first; a search looks into titles, categories and bodies. */
export async function findArticles(em: EntityManager, query: ArticleQuery): Promise<ArticleRow[]> {
  const qb = em
    .createQueryBuilder(Article, 'a')
    .select([...SUMMARY_FIELDS])
    .orderBy({ updatedAt: 'desc', id: 'asc' })
    .limit(query.limit)
  if (query.status) qb.andWhere({ status: query.status })
  const search = query.search?.trim().toLowerCase()
  if (search) {
    const like = `%${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
    // lower() on both sides: SQLite's like ignores ASCII case only, PostgreSQL's not at all.
    qb.andWhere(
      `(lower(a.title) like ? escape '\\' or lower(a.category) like ? escape '\\' or lower(a.body) like ? escape '\\')`,
      [like, like, like],
    )
  }
  return (await qb.getResult()) as ArticleRow[]
}

/** One published article for the public page, or null: a draft is never public (the domain decides). */
export async function findPublishedArticle(em: EntityManager, slug: string): Promise<Article | null> {
  const article = await em.findOne(Article, { slug })
  return article && isPublicArticle(article) ? article : null
}

/** The public index and search: the query narrows to published articles, the domain has the last word. */
export async function findPublicArticles(
  em: EntityManager,
  query: Omit<ArticleQuery, 'status'>,
): Promise<ArticleRow[]> {
  const rows = await findArticles(em, { ...query, status: 'published' })
  return rows.filter(isPublicArticle)
}
