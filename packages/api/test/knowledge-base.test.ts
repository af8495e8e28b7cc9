import { Article } from '@parley/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findPublicArticles, findPublishedArticle } from '../src/index.ts'
import { type Caller, createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// The knowledge base through the API: every agent drafts, admins publish; customers and anonymous
// callers reach nothing (they read published articles on the public /kb pages); bad input changes nothing.

let h: Harness
let anna: TestAgent
let admin: Caller
let agent: Caller

beforeAll(async () => {
  h = await createHarness()
  anna = await h.admin('Anna')
  admin = await h.asAgent(anna)
  agent = await h.asAgent(await h.createAgent({ name: 'Ben', role: 'agent', support: true }))
})
afterAll(() => h.close())

let sequence = 0
const unique = (title: string) => `${title} ${++sequence}`
const junk = (value: unknown) => value as never

describe('writing articles', () => {
  it('an agent drafts an article and its slug comes from the title', async () => {
    const title = unique('How returns work')
    const article = await agent.kb.create({ title, category: 'Orders', body: '# Returns\n\nSend it back.' })
    expect(article).toMatchObject({
      title,
      slug: `how-returns-work-${sequence}`,
      category: 'Orders',
      status: 'draft',
      body: '# Returns\n\nSend it back.',
      url: `https://help.example.com/kb/how-returns-work-${sequence}`,
      updatedBy: 'Ben',
      publishedAt: null,
    })
    expect(await agent.kb.get({ id: article.id })).toEqual(article)
  })

  it('each agent is told what they may do with an article, as the API decides it', async () => {
    const article = await agent.kb.create({ title: unique('Permissions'), body: '' })
    expect(article).toMatchObject({ mayChange: true, mayPublish: false })
    expect(await admin.kb.get({ id: article.id })).toMatchObject({ mayChange: true, mayPublish: true })
    await admin.kb.publish({ id: article.id })
    expect(await agent.kb.get({ id: article.id })).toMatchObject({ mayChange: false, mayPublish: false })
    expect(await admin.kb.get({ id: article.id })).toMatchObject({ mayChange: true, mayPublish: true })
  })

  it('an agent chooses the slug and changes the draft later', async () => {
    const article = await agent.kb.create({
      title: unique('Shipping'),
      slug: 'shipping-costs',
      body: 'Free.',
    })
    h.clock.advance(1000)
    const changed = await agent.kb.change({
      id: article.id,
      version: article.version,
      title: 'Shipping costs',
      slug: 'shipping-prices',
      category: 'Orders',
      body: 'Free from 50 €.',
    })
    expect(changed).toMatchObject({
      title: 'Shipping costs',
      slug: 'shipping-prices',
      body: 'Free from 50 €.',
    })
    expect(changed.updatedAt.getTime()).toBeGreaterThan(article.updatedAt.getTime())
  })

  it('a slug another article has is refused with a clear error, and nothing is stored', async () => {
    await agent.kb.create({ title: unique('Payment'), slug: 'payment-methods', body: '' })
    const before = await h.rowCounts()
    const refusal = await refusalOf(
      agent.kb.create({ title: 'Payment options', slug: 'payment-methods', body: '' }),
    )
    expect(refusal).toMatchObject({ code: 'CONFLICT', domainCode: 'SLUG_TAKEN' })
    expect(refusal.message).toContain('/kb/payment-methods')
    expect(await h.rowCounts()).toEqual(before)
  })

  it('renaming an article to a taken slug is refused and the article keeps its own', async () => {
    await agent.kb.create({ title: unique('Taken'), slug: 'taken-slug', body: '' })
    const other = await agent.kb.create({ title: unique('Other'), slug: 'other-slug', body: '' })
    const refusal = await refusalOf(
      agent.kb.change({
        id: other.id,
        version: other.version,
        title: 'Other',
        slug: 'taken-slug',
        category: '',
        body: '',
      }),
    )
    expect(refusal).toMatchObject({ code: 'CONFLICT', domainCode: 'SLUG_TAKEN' })
    expect(await agent.kb.get({ id: other.id })).toMatchObject({ slug: 'other-slug' })
  })

  it('of two articles created at the same moment with one slug, exactly one is stored', async () => {
    const results = await Promise.allSettled([
      admin.kb.create({ title: 'Race one', slug: 'race-slug', body: '' }),
      agent.kb.create({ title: 'Race two', slug: 'race-slug', body: '' }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const refused = results.find((r) => r.status === 'rejected')
    expect(await refusalOf(Promise.reject(refused?.reason))).toMatchObject({ domainCode: 'SLUG_TAKEN' })
    expect(await h.count(Article, { slug: 'race-slug' })).toBe(1)
  })

  it('a title whose derived slug is taken is refused, not silently renumbered', async () => {
    await agent.kb.create({ title: 'Opening hours', body: '' })
    expect(await refusalOf(agent.kb.create({ title: 'Opening  hours!', body: '' }))).toMatchObject({
      domainCode: 'SLUG_TAKEN',
    })
  })
})

describe('two agents editing one article', () => {
  it('the later save, made on an older version, is refused and the first one kept', async () => {
    const article = await agent.kb.create({ title: unique('Shared'), body: 'v1' })
    const fields = { id: article.id, title: article.title, slug: article.slug, category: '' }
    const first = await admin.kb.change({ ...fields, version: article.version, body: 'Anna’s text' })
    expect(first.version).toBeGreaterThan(article.version)
    const refusal = await refusalOf(
      agent.kb.change({ ...fields, version: article.version, body: 'Ben’s text' }),
    )
    expect(refusal).toMatchObject({ code: 'CONFLICT', domainCode: 'ARTICLE_CHANGED' })
    expect(await agent.kb.get({ id: article.id })).toMatchObject({
      body: 'Anna’s text',
      version: first.version,
    })
    // Saved again from the version now stored, it goes through.
    expect(await agent.kb.change({ ...fields, version: first.version, body: 'Ben’s text' })).toMatchObject({
      body: 'Ben’s text',
    })
  })

  it('of two saves at the same moment from one version, exactly one is stored', async () => {
    const article = await agent.kb.create({ title: unique('Same moment'), body: '' })
    const fields = {
      id: article.id,
      title: article.title,
      slug: article.slug,
      category: '',
      version: article.version,
    }
    const results = await Promise.allSettled([
      admin.kb.change({ ...fields, body: 'one' }),
      agent.kb.change({ ...fields, body: 'two' }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const refused = results.find((r) => r.status === 'rejected')
    expect(await refusalOf(Promise.reject(refused?.reason))).toMatchObject({ domainCode: 'ARTICLE_CHANGED' })
  })

  it('publishing counts as a change: a save from before it is refused', async () => {
    const article = await agent.kb.create({ title: unique('Publish race'), body: '' })
    await admin.kb.publish({ id: article.id })
    const input = {
      id: article.id,
      version: article.version,
      title: 'x',
      slug: article.slug,
      category: '',
      body: '',
    }
    expect(await refusalOf(admin.kb.change(input))).toMatchObject({ domainCode: 'ARTICLE_CHANGED' })
  })
})

describe('publishing', () => {
  it('an admin publishes and unpublishes; the public reads only what is published', async () => {
    const draft = await agent.kb.create({ title: unique('Warranty'), category: 'Orders', body: 'Two years.' })
    expect(await findPublishedArticle(h.em(), draft.slug)).toBeNull()

    const published = await admin.kb.publish({ id: draft.id })
    expect(published).toMatchObject({ status: 'published', publishedAt: expect.any(Date) })
    expect(await findPublishedArticle(h.em(), draft.slug)).toMatchObject({ title: draft.title })

    await admin.kb.unpublish({ id: draft.id })
    expect(await findPublishedArticle(h.em(), draft.slug)).toBeNull()
  })

  it('an agent who is not an admin cannot publish, nor change or remove a published article', async () => {
    const draft = await agent.kb.create({ title: unique('Privacy'), body: 'We keep little.' })
    expect(await refusalOf(agent.kb.publish({ id: draft.id }))).toMatchObject({
      code: 'FORBIDDEN',
      domainCode: 'ADMIN_ONLY',
    })
    const { version } = await admin.kb.publish({ id: draft.id })
    const before = await h.rowCounts()
    const input = { id: draft.id, version, title: 'Hacked', slug: draft.slug, category: '', body: 'x' }
    for (const call of [
      () => agent.kb.change(input),
      () => agent.kb.unpublish({ id: draft.id }),
      () => agent.kb.remove({ id: draft.id }),
    ]) {
      expect(await refusalOf(call)).toMatchObject({ code: 'FORBIDDEN', domainCode: 'ADMIN_ONLY' })
    }
    expect(await h.rowCounts()).toEqual(before)
    expect(await admin.kb.get({ id: draft.id })).toMatchObject({ title: draft.title, status: 'published' })
  })

  it('publishing twice says it is already published', async () => {
    const draft = await agent.kb.create({ title: unique('Twice'), body: '' })
    await admin.kb.publish({ id: draft.id })
    expect(await refusalOf(admin.kb.publish({ id: draft.id }))).toMatchObject({
      code: 'CONFLICT',
      domainCode: 'ALREADY_IN_STATE',
    })
  })

  it('an admin edits a published article and it stays published', async () => {
    const draft = await agent.kb.create({ title: unique('Live'), body: 'old' })
    const { version } = await admin.kb.publish({ id: draft.id })
    const changed = await admin.kb.change({
      version,
      id: draft.id,
      title: draft.title,
      slug: draft.slug,
      category: '',
      body: 'new',
    })
    expect(changed).toMatchObject({ status: 'published', body: 'new' })
  })
})

describe('finding articles', () => {
  it('agents search titles, categories and bodies, drafts included, ignoring case', async () => {
    const a = await agent.kb.create({ title: unique('Zebra crossing'), category: 'Roads', body: '' })
    const b = await agent.kb.create({ title: unique('Stripes'), category: '', body: 'Like a ZEBRA.' })
    const c = await agent.kb.create({ title: unique('Animals'), category: 'zebras', body: '' })
    await agent.kb.create({ title: unique('Horses'), body: '' })
    const found = await agent.kb.list({ search: 'zebra' })
    expect(found.map((x) => x.id).sort()).toEqual([a.id, b.id, c.id].sort())
    expect(found[0]).not.toHaveProperty('body')
  })

  it('a search for % or _ matches those characters, not everything', async () => {
    const percent = await agent.kb.create({ title: unique('100% refund'), body: '' })
    const found = await agent.kb.list({ search: '0%' })
    expect(found.map((x) => x.id)).toEqual([percent.id])
    expect(await agent.kb.list({ search: '_' })).toEqual([])
  })

  it('the link picker lists only published articles', async () => {
    const draft = await agent.kb.create({ title: unique('Picker draft'), body: '' })
    const live = await agent.kb.create({ title: unique('Picker live'), body: '' })
    await admin.kb.publish({ id: live.id })
    const found = await agent.kb.list({ search: 'picker', status: 'published' })
    expect(found.map((x) => x.id)).toEqual([live.id])
    expect(found.map((x) => x.id)).not.toContain(draft.id)
  })

  it('the public search finds only published articles', async () => {
    const live = await agent.kb.create({ title: unique('Public search live'), body: '' })
    await agent.kb.create({ title: unique('Public search draft'), body: '' })
    await admin.kb.publish({ id: live.id })
    const rows = await findPublicArticles(h.em(), { search: 'public search', limit: 50 })
    expect(rows.map((x) => x.id)).toEqual([live.id])
  })

  it('a removed article is gone, also from its public page', async () => {
    const article = await agent.kb.create({ title: unique('Gone soon'), body: '' })
    await admin.kb.publish({ id: article.id })
    await admin.kb.remove({ id: article.id })
    expect(await h.count(Article, { id: article.id })).toBe(0)
    expect(await findPublishedArticle(h.em(), article.slug)).toBeNull()
    expect(await refusalOf(admin.kb.get({ id: article.id }))).toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('a knowledge base link in a message', () => {
  it('reads as its link text in the conversation list, for the agent and the customer', async () => {
    const article = await agent.kb.create({ title: unique('Preview guide'), body: '' })
    const { url } = await admin.kb.publish({ id: article.id })
    const { caller: customer, conversationId } = await h.customerWithConversation('Where is the guide?')
    await admin.conversation.assignToMe({ conversationId })
    await admin.conversation.reply({
      conversationId,
      clientId: crypto.randomUUID(),
      body: `Here: [[${url} | the returns guide]]`,
    })
    const listed = await admin.conversation.list({ section: 'customers', status: 'open' })
    expect(listed.find((c) => c.id === conversationId)?.preview).toBe('Here: the returns guide')
    const own = await customer.customer.conversations()
    expect(own.find((c) => c.id === conversationId)?.preview).toBe('Here: the returns guide')
  })
})

describe('who may call', () => {
  it('customers and anonymous callers can neither read drafts nor write', async () => {
    const draft = await agent.kb.create({ title: unique('Secret draft'), body: 'internal' })
    const { caller: customer } = await h.customer()
    const before = await h.rowCounts()
    for (const caller of [customer, h.anonymous()]) {
      for (const call of [
        () => caller.kb.list({}),
        () => caller.kb.get({ id: draft.id }),
        () => caller.kb.create({ title: 'Spam', body: 'x' }),
        () => caller.kb.change({ id: draft.id, version: 1, title: 'x', slug: 'x', category: '', body: '' }),
        () => caller.kb.publish({ id: draft.id }),
        () => caller.kb.unpublish({ id: draft.id }),
        () => caller.kb.remove({ id: draft.id }),
      ]) {
        expect(await refusalOf(call)).toMatchObject({ code: 'UNAUTHORIZED' })
      }
    }
    expect(await h.rowCounts()).toEqual(before)
  })
})

describe('garbage input is refused and changes nothing', () => {
  it.each<[string, unknown, string | null]>([
    ['an empty title', { title: '   ', body: '' }, 'ARTICLE_INVALID'],
    ['a title of 201 characters', { title: 'x'.repeat(201), body: '' }, 'ARTICLE_INVALID'],
    ['a category of 81 characters', { title: 'ok', category: 'x'.repeat(81), body: '' }, 'ARTICLE_INVALID'],
    ['a body over 100 KB', { title: 'ok', body: 'x'.repeat(102_401) }, 'ARTICLE_INVALID'],
    ['a body far over 100 KB', { title: 'ok', body: 'x'.repeat(300_000) }, null],
    ['a slug with capitals', { title: 'ok', slug: 'Hello', body: '' }, 'SLUG_INVALID'],
    ['a slug with a slash', { title: 'ok', slug: 'a/../b', body: '' }, 'SLUG_INVALID'],
    ['a slug of 81 characters', { title: 'ok', slug: 'a'.repeat(81), body: '' }, 'SLUG_INVALID'],
    ['a number as title', { title: 42, body: '' }, null],
    ['no body', { title: 'ok' }, null],
    ['a broken character', { title: 'half \uD83D emoji', body: '' }, null],
    ['null', null, null],
  ])('%s', async (_, input, domainCode) => {
    const before = await h.rowCounts()
    const refusal = await refusalOf(agent.kb.create(junk(input)))
    expect(refusal).toMatchObject({ code: 'BAD_REQUEST', domainCode })
    expect(refusal.message).not.toMatch(/^\s*[[{]/)
    expect(await h.rowCounts()).toEqual(before)
  })

  it('an unknown or malformed id is refused', async () => {
    expect(await refusalOf(agent.kb.get({ id: '5b0c6f7e-8d1a-4c2b-9e3f-a1b2c3d4e5f6' }))).toMatchObject({
      code: 'NOT_FOUND',
    })
    expect(await refusalOf(agent.kb.publish(junk({ id: "1' or 1=1 --" })))).toMatchObject({
      code: 'BAD_REQUEST',
    })
    expect(await refusalOf(agent.kb.list(junk({ search: 'x'.repeat(1000) })))).toMatchObject({
      code: 'BAD_REQUEST',
    })
    expect(await refusalOf(agent.kb.list(junk({ status: 'deleted' })))).toMatchObject({ code: 'BAD_REQUEST' })
  })
})
