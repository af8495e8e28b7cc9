import { describe, expect, it } from 'vitest'
import {
  ARTICLE_LIMITS,
  canChangeArticle,
  canCreateArticle,
  canReadArticle,
  changeArticleStatus,
  checkEditedVersion,
  isPublicArticle,
  slugify,
  validateArticle,
  validateSlug,
} from './article.rules.ts'
import { admin, customersAndSystem, outcome, plainAgent, supportAgent } from './test-cast.ts'

const draft = { status: 'draft' } as const
const published = { status: 'published' } as const

describe('slugs suggested from a title (slugify)', () => {
  it.each([
    ['How returns work', 'how-returns-work'],
    ['  Shipping: costs & times!  ', 'shipping-costs-times'],
    ['Rückgabe über die Straße', 'rueckgabe-ueber-die-strasse'],
    ['Café crème à la carte', 'cafe-creme-a-la-carte'],
    ['Version 2.0 — what’s new?', 'version-2-0-what-s-new'],
    ['???', 'article'],
    ['日本語', 'article'],
  ])('turns "%s" into %s', (title, slug) => {
    expect(slugify(title)).toBe(slug)
  })

  it('cuts a long title at a word boundary, within 80 characters', () => {
    const slug = slugify('word '.repeat(40))
    expect(slug.length).toBeLessThanOrEqual(ARTICLE_LIMITS.slug)
    expect(slug).toMatch(/^word(-word)*$/)
  })

  it('cuts one endless word at 80 characters', () => {
    expect(slugify('a'.repeat(200))).toBe('a'.repeat(80))
  })

  it('always suggests a slug that is valid', () => {
    for (const title of ['A', '-a-', 'x'.repeat(300), 'Ä Ö Ü', '1/2/3', 'a -- b']) {
      expect(validateSlug(slugify(title)).ok, title).toBe(true)
    }
  })
})

describe('which slugs are valid (validateSlug)', () => {
  it.each(['returns', 'how-returns-work', 'faq-2026', 'a'.repeat(80)])('accepts %s', (slug) => {
    expect(validateSlug(slug)).toEqual({ ok: true, value: slug })
  })

  it.each([
    ['empty', ''],
    ['uppercase', 'Returns'],
    ['spaces', 'how returns'],
    ['a leading hyphen', '-returns'],
    ['a trailing hyphen', 'returns-'],
    ['a double hyphen', 'a--b'],
    ['an umlaut', 'rückgabe'],
    ['a slash', 'a/b'],
    ['a dot', '..'],
    ['81 characters', 'a'.repeat(81)],
  ])('refuses a slug with %s', (_, slug) => {
    expect(outcome(validateSlug(slug))).toBe('SLUG_INVALID')
  })
})

describe('what an article may contain (validateArticle)', () => {
  const valid = {
    title: 'How returns work',
    slug: '',
    category: 'Orders',
    body: '# Returns\n\nSend it back.',
  }

  it('derives the slug from the title when none is given', () => {
    expect(validateArticle(valid)).toEqual({ ok: true, value: { ...valid, slug: 'how-returns-work' } })
  })

  it('keeps a slug the agent chose', () => {
    expect(validateArticle({ ...valid, slug: 'returns' })).toMatchObject({
      ok: true,
      value: { slug: 'returns' },
    })
  })

  it('refuses a chosen slug that is not valid instead of changing it', () => {
    expect(outcome(validateArticle({ ...valid, slug: 'Returns Policy' }))).toBe('SLUG_INVALID')
  })

  it('cleans the title and category to one line and the body of control characters', () => {
    const result = validateArticle({
      title: ' How\nreturns\u202E ',
      slug: '',
      category: ' Or\tders ',
      body: 'a\r\nb\u0000',
    })
    expect(result).toEqual({
      ok: true,
      value: { title: 'How returns', slug: 'how-returns', category: 'Or ders', body: 'a\nb' },
    })
  })

  it('allows an empty category and an empty body (a draft in progress)', () => {
    expect(validateArticle({ ...valid, category: '', body: '' }).ok).toBe(true)
  })

  it.each([
    ['an empty title', { title: '  \u200B ' }],
    ['a title over 200 characters', { title: 'x'.repeat(201) }],
    ['a category over 80 characters', { category: 'x'.repeat(81) }],
    ['a body over 100 KB', { body: 'x'.repeat(100 * 1024 + 1) }],
    ['a body over 100 KB in multi-byte characters', { body: 'ü'.repeat(60_000) }],
  ])('refuses %s', (_, change) => {
    expect(outcome(validateArticle({ ...valid, ...change }))).toBe('ARTICLE_INVALID')
  })

  it('takes a body of exactly 100 KB', () => {
    expect(validateArticle({ ...valid, body: 'x'.repeat(100 * 1024) }).ok).toBe(true)
  })
})

describe('who writes articles', () => {
  it.each([
    ['an admin', admin],
    ['a support agent', supportAgent],
    ['an agent without the support flag', plainAgent],
  ])('%s may draft an article and change a draft', (_, agent) => {
    expect(canCreateArticle(agent).ok).toBe(true)
    expect(canChangeArticle(agent, draft).ok).toBe(true)
  })

  it('only an admin changes or removes a published article', () => {
    expect(canChangeArticle(admin, published).ok).toBe(true)
    expect(outcome(canChangeArticle(supportAgent, published))).toBe('ADMIN_ONLY')
    expect(outcome(canChangeArticle(plainAgent, published))).toBe('ADMIN_ONLY')
  })

  it.each(customersAndSystem)('%s writes no article at all', (_, actor) => {
    expect(outcome(canCreateArticle(actor))).toBe('AGENTS_ONLY')
    expect(outcome(canChangeArticle(actor, draft))).toBe('AGENTS_ONLY')
    expect(outcome(changeArticleStatus(actor, draft, 'published'))).toBe('AGENTS_ONLY')
  })
})

describe('publishing and unpublishing (changeArticleStatus)', () => {
  it('an admin publishes a draft and unpublishes it again', () => {
    expect(changeArticleStatus(admin, draft, 'published')).toEqual({ ok: true, value: 'published' })
    expect(changeArticleStatus(admin, published, 'draft')).toEqual({ ok: true, value: 'draft' })
  })

  it('an agent who is not an admin cannot publish or unpublish', () => {
    expect(outcome(changeArticleStatus(supportAgent, draft, 'published'))).toBe('ADMIN_ONLY')
    expect(outcome(changeArticleStatus(plainAgent, published, 'draft'))).toBe('ADMIN_ONLY')
  })

  it('publishing a published article changes nothing and says so', () => {
    expect(outcome(changeArticleStatus(admin, published, 'published'))).toBe('ALREADY_IN_STATE')
    expect(outcome(changeArticleStatus(admin, draft, 'draft'))).toBe('ALREADY_IN_STATE')
  })
})

describe('who reads articles', () => {
  it('a draft is never public', () => {
    expect(isPublicArticle(draft)).toBe(false)
    expect(canReadArticle(null, draft)).toBe(false)
    for (const [, actor] of customersAndSystem) expect(canReadArticle(actor, draft)).toBe(false)
  })

  it('a published article is public', () => {
    expect(isPublicArticle(published)).toBe(true)
    expect(canReadArticle(null, published)).toBe(true)
  })

  it('agents read drafts too', () => {
    expect(canReadArticle(plainAgent, draft)).toBe(true)
  })
})

describe("saving over a colleague's change (checkEditedVersion)", () => {
  it('takes a save made on the version that is stored', () => {
    expect(checkEditedVersion(3, 3).ok).toBe(true)
  })

  it('refuses a save made on an older version', () => {
    expect(outcome(checkEditedVersion(2, 3))).toBe('ARTICLE_CHANGED')
  })
})
