import {
  Article,
  type EntityManager,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from '@parley/db'
import {
  ARTICLE_LIMITS,
  type ArticleDraft,
  type ArticleStatus,
  canChangeArticle,
  canCreateArticle,
  changeArticleStatus,
  checkEditedVersion,
  validateArticle,
} from '@parley/domain'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import {
  articleOutput,
  articleSummaryOutput,
  findArticles,
  findPublicArticles,
  findPublishedArticle,
  toArticleDTO,
  toArticleSummaryDTO,
} from '../knowledge-base.ts'
import { RateLimited } from '../rate-limits.ts'
import { agentProcedure, publicProcedure, refuse, router, unwrap } from '../trpc.ts'
import { idInput, lineInput, typedText } from './inputs.ts'

const LIST_LIMIT = 200
/** The chat's help shows the best few; the search narrows the rest. */
const HELP_LIMIT = 20

/** As typed: the domain cleans, derives the slug and checks the limits (validateArticle). */
const articleInput = z.object({
  title: typedText(ARTICLE_LIMITS.title),
  /** Empty: derived from the title. */
  slug: z
    .string()
    .max(ARTICLE_LIMITS.slug * 2)
    .default(''),
  category: typedText(ARTICLE_LIMITS.category).default(''),
  body: typedText(ARTICLE_LIMITS.bodyBytes),
})

const byArticle = z.object({ id: idInput })

async function loadArticle(em: EntityManager, id: string) {
  const article = await em.findOne(Article, { id }, { populate: ['updatedBy'] })
  if (!article) throw new TRPCError({ code: 'NOT_FOUND', message: 'Article not found.' })
  return article
}

const slugTaken = (slug: string): never =>
  refuse('SLUG_TAKEN', `Another article already has the address /kb/${slug}. Choose another slug.`)

async function ensureSlugFree(em: EntityManager, slug: string, exceptId: string | null) {
  const taken = await em.count(Article, exceptId ? { slug, id: { $ne: exceptId } } : { slug })
  if (taken > 0) slugTaken(slug)
}

/** The unique index settles a race two instances lose together: the later save gets the same clear refusal. */
async function flushArticle(em: EntityManager, slug: string) {
  try {
    await em.flush()
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) slugTaken(slug)
    // Another instance saved the same article between our read and our write (the version column).
    if (error instanceof OptimisticLockError) {
      refuse(
        'ARTICLE_CHANGED',
        'Someone else changed this article meanwhile. Reload it to see their version.',
      )
    }
    throw error
  }
}

const statusChange = (to: ArticleStatus) =>
  agentProcedure
    .input(byArticle)
    .output(articleOutput)
    .mutation(async ({ ctx, input }) => {
      const article = await loadArticle(ctx.em, input.id)
      article.status = unwrap(changeArticleStatus(ctx.actor, article, to))
      article.publishedAt = to === 'published' ? ctx.deps.now() : null
      article.updatedAt = ctx.deps.now()
      article.updatedBy = ctx.agent
      await flushArticle(ctx.em, article.slug)
      return toArticleDTO(article, ctx.deps.settings.publicUrl, ctx.actor)
    })

export const kbRouter = router({
  /**
   * Issue 10, part 5: the help the chat page and the widget show, to anyone: published articles only
   * (the domain's word, as on `/kb`), searched under the same per-address limit as the public pages.
   */
  help: publicProcedure
    .input(z.object({ search: lineInput(200).default('') }))
    .query(async ({ ctx, input }) => {
      const wait = input.search ? await ctx.deps.limits.publicSearch(ctx.address) : null
      if (wait !== null) {
        const message = 'Too many searches from your network. Try again in a minute.'
        throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message, cause: new RateLimited(wait, message) })
      }
      const rows = await findPublicArticles(ctx.em, { search: input.search || null, limit: HELP_LIMIT })
      return rows.map((row) => ({ slug: row.slug, title: row.title, category: row.category }))
    }),

  helpArticle: publicProcedure
    .input(z.object({ slug: z.string().trim().min(1).max(ARTICLE_LIMITS.slug) }))
    .query(async ({ ctx, input }) => {
      const article = await findPublishedArticle(ctx.em, input.slug)
      if (!article) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such help article.' })
      return {
        slug: article.slug,
        title: article.title,
        category: article.category,
        body: article.body,
        updatedAt: article.updatedAt,
      }
    }),

  /** For agents: every article, drafts included; `status: 'published'` for the composer's link picker. */
  list: agentProcedure
    .input(
      z.object({
        search: lineInput(200).optional(),
        status: z.enum(['draft', 'published']).optional(),
      }),
    )
    .output(z.array(articleSummaryOutput))
    .query(async ({ ctx, input }) => {
      const rows = await findArticles(ctx.em, {
        search: input.search || null,
        status: input.status ?? null,
        limit: LIST_LIMIT,
      })
      return rows.map((row) => toArticleSummaryDTO(row, ctx.deps.settings.publicUrl))
    }),

  get: agentProcedure
    .input(byArticle)
    .output(articleOutput)
    .query(async ({ ctx, input }) =>
      toArticleDTO(await loadArticle(ctx.em, input.id), ctx.deps.settings.publicUrl, ctx.actor),
    ),

  /** A new article is always a draft: publishing is a separate, admin-only step. */
  create: agentProcedure
    .input(articleInput)
    .output(articleOutput)
    .mutation(async ({ ctx, input }) => {
      unwrap(canCreateArticle(ctx.actor))
      const draft: ArticleDraft = unwrap(validateArticle(input))
      await ensureSlugFree(ctx.em, draft.slug, null)
      const now = ctx.deps.now()
      const article = ctx.em.create(Article, {
        ...draft,
        status: 'draft',
        updatedBy: ctx.agent,
        createdAt: now,
        updatedAt: now,
        publishedAt: null,
      })
      await flushArticle(ctx.em, draft.slug)
      return toArticleDTO(article, ctx.deps.settings.publicUrl, ctx.actor)
    }),

  /** Replaces title, slug, category and body; a published article stays published (admins only). */
  change: agentProcedure
    .input(
      articleInput.extend({
        id: idInput,
        version: z
          .number()
          .int()
          .min(1)
          .max(2 ** 31 - 1),
      }),
    )
    .output(articleOutput)
    .mutation(async ({ ctx, input }) => {
      const article = await loadArticle(ctx.em, input.id)
      unwrap(canChangeArticle(ctx.actor, article))
      unwrap(checkEditedVersion(input.version, article.version))
      const draft = unwrap(validateArticle(input))
      await ensureSlugFree(ctx.em, draft.slug, article.id)
      const { title, slug, category, body } = draft
      Object.assign(article, { title, slug, category, body, updatedAt: ctx.deps.now(), updatedBy: ctx.agent })
      await flushArticle(ctx.em, draft.slug)
      return toArticleDTO(article, ctx.deps.settings.publicUrl, ctx.actor)
    }),

  publish: statusChange('published'),
  unpublish: statusChange('draft'),

  /** Removes an article (not a message: rule 5 does not apply); its public page answers 404 from then on. */
  remove: agentProcedure
    .input(byArticle)
    .output(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const article = await loadArticle(ctx.em, input.id)
      unwrap(canChangeArticle(ctx.actor, article))
      ctx.em.remove(article)
      await ctx.em.flush()
      return { id: input.id }
    }),
})
