import type { Actor } from './actor.ts'
import { fail, ok, type Result } from './result.ts'
import { cleanLine, cleanText, isBlank } from './text.rules.ts'

/**
 * The knowledge base: help articles agents write in Markdown and the public reads at `/kb/<slug>`.
 *
 * Who may write: every agent (admin or not) drafts and edits drafts, so whoever answers a question
 * twice can turn it into an article. What the public reads is an admin's call: publishing,
 * unpublishing, and changing or removing a published article are for admins. Customers and the
 * system write nothing. A draft is never public.
 */

export type ArticleStatus = 'draft' | 'published'

export const ARTICLE_LIMITS = {
  title: 200,
  slug: 80,
  category: 80,
  /** Bytes of UTF-8: a long manual page fits, a pasted database dump does not. */
  bodyBytes: 100 * 1024,
} as const

/** What a rule needs to know about a stored article. */
export interface ArticleFacts {
  status: ArticleStatus
}

export interface ArticleDraft {
  title: string
  slug: string
  category: string
  body: string
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/** German letters spelled out as German readers expect in an address ("Rückgabe" → "rueckgabe"). */
const SPELLED_OUT: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe' }

/**
 * The slug a title suggests: lowercase ASCII letters and digits joined by single hyphens, accents
 * dropped, at most 80 characters, cut at a word boundary when possible. `article` when nothing is left.
 */
export function slugify(title: string): string {
  const ascii = title
    .toLowerCase()
    .replace(/[äöüßæøœ]/g, (letter) => SPELLED_OUT[letter] ?? letter)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
  const joined = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
  if (joined.length <= ARTICLE_LIMITS.slug) return joined || 'article'
  const cut = joined.slice(0, ARTICLE_LIMITS.slug + 1)
  const atWord = cut.lastIndexOf('-')
  return (atWord > 0 ? cut.slice(0, atWord) : cut.slice(0, ARTICLE_LIMITS.slug)).replace(/-+$/, '')
}

/** A slug is part of a public address: lowercase a–z, 0–9, single hyphens between words, at most 80. */
export function validateSlug(slug: string): Result<string> {
  if (slug.length === 0 || slug.length > ARTICLE_LIMITS.slug || !SLUG.test(slug)) {
    return fail(
      'SLUG_INVALID',
      `A slug uses lowercase letters a–z, digits and single hyphens between them, at most ${ARTICLE_LIMITS.slug} characters.`,
    )
  }
  return ok(slug)
}

/** The article as it will be stored: cleaned, bounded, with a valid slug (derived from the title when empty). */
export function validateArticle(draft: ArticleDraft): Result<ArticleDraft> {
  const title = cleanLine(draft.title)
  if (isBlank(title)) return fail('ARTICLE_INVALID', 'An article needs a title.')
  if (title.length > ARTICLE_LIMITS.title) {
    return fail('ARTICLE_INVALID', `A title can have at most ${ARTICLE_LIMITS.title} characters.`)
  }
  const category = cleanLine(draft.category)
  if (category.length > ARTICLE_LIMITS.category) {
    return fail('ARTICLE_INVALID', `A category can have at most ${ARTICLE_LIMITS.category} characters.`)
  }
  const body = cleanText(draft.body).trim()
  if (new TextEncoder().encode(body).length > ARTICLE_LIMITS.bodyBytes) {
    return fail('ARTICLE_INVALID', 'An article can be at most 100 KB long.')
  }
  const slugText = draft.slug.trim()
  const slug = validateSlug(slugText === '' ? slugify(title) : slugText)
  if (!slug.ok) return slug
  return ok({ title, slug: slug.value, category, body })
}

/** Creating an article: every agent may draft one. */
export function canCreateArticle(actor: Actor): Result {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Only agents write knowledge base articles.')
  return ok()
}

/** Changing or removing an article: any agent while it is a draft, only admins once it is public. */
export function canChangeArticle(actor: Actor, article: ArticleFacts): Result {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Only agents write knowledge base articles.')
  if (article.status === 'published' && actor.role !== 'admin') {
    return fail('ADMIN_ONLY', 'Only admins change a published article. Ask an admin to unpublish it first.')
  }
  return ok()
}

/**
 * A save names the version of the article it was edited from: saving over a colleague's newer change
 * would silently throw their work away, so it is refused and the editor shows the newer version.
 */
export function checkEditedVersion(editedFrom: number, stored: number): Result {
  if (editedFrom !== stored) {
    return fail(
      'ARTICLE_CHANGED',
      'Someone else changed this article meanwhile. Reload it to see their version.',
    )
  }
  return ok()
}

const transitions: Record<ArticleStatus, readonly ArticleStatus[]> = {
  draft: ['published'],
  published: ['draft'],
}

/** Publishing and unpublishing: admins only, and only to the other state. */
export function changeArticleStatus(
  actor: Actor,
  article: ArticleFacts,
  to: ArticleStatus,
): Result<ArticleStatus> {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Only agents write knowledge base articles.')
  if (actor.role !== 'admin') return fail('ADMIN_ONLY', 'Only admins publish and unpublish articles.')
  if (article.status === to) {
    return fail(
      'ALREADY_IN_STATE',
      to === 'published' ? 'The article is already published.' : 'The article is already a draft.',
    )
  }
  if (!transitions[article.status].includes(to))
    return fail('INVALID_TRANSITION', 'This change is not possible.')
  return ok(to)
}

/** Who may read an article outside the agent app: anyone, once it is published; a draft never. */
export function isPublicArticle(article: ArticleFacts): boolean {
  return article.status === 'published'
}

/** Agents read every article, drafts included; everyone else only published ones. */
export function canReadArticle(actor: Actor | null, article: ArticleFacts): boolean {
  return actor?.kind === 'agent' || isPublicArticle(article)
}
