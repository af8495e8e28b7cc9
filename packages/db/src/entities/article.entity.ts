import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { Agent } from './agent.entity.ts'

/** A knowledge base article: Markdown source, public at `/kb/<slug>` once published. */
export const Article = defineEntity({
  name: 'Article',
  tableName: 'article',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    /** The public address; the unique index is what makes two articles with one slug impossible. */
    slug: p.string().length(80).unique(),
    title: p.string().length(200),
    /** Empty: not filed under a category. */
    category: p.string().length(80).default(''),
    body: p.text(),
    status: p.enum(['draft', 'published']).default('draft'),
    updatedBy: () => p.manyToOne(Agent).nullable().deleteRule('set null'),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()),
    publishedAt: p.datetime().nullable(),
    /** Bumped by every change; a save names the version it was edited from (optimistic locking). */
    version: p.integer().version(),
  },
  indexes: [{ properties: ['status', 'category'] }],
})

export type Article = InferEntity<typeof Article>
export type ArticleStatus = Article['status']
