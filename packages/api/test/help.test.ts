import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Caller, createHarness, type Harness, refusalOf } from './harness.ts'

// Issue 10, part 5: the help the chat page and the widget show. Anyone may read it, and only what is
// published: a draft is as absent as an article that never existed.

let h: Harness
let admin: Caller

beforeAll(async () => {
  h = await createHarness()
  admin = await h.asAgent(await h.admin('Ada'))
  const exporting = await admin.kb.create({
    title: 'Exporting your data',
    category: 'Account',
    body: 'Open **Settings** and choose *Export*.',
  })
  await admin.kb.publish({ id: exporting.id })
  await admin.kb.create({ title: 'Export secrets (draft)', category: 'Account', body: 'Not yet.' })
})
afterAll(() => h.close())

describe('help in the chat', () => {
  it('lists and finds published articles only, for anyone', async () => {
    const visitor = h.anonymous()
    expect((await visitor.kb.help({})).map((a) => a.title)).toEqual(['Exporting your data'])
    expect(await visitor.kb.help({ search: 'export' })).toEqual([
      { slug: 'exporting-your-data', title: 'Exporting your data', category: 'Account' },
    ])
    expect(await visitor.kb.help({ search: 'secrets' })).toEqual([])
  })

  it('opens a published article by its slug; a draft or an unknown one is not found', async () => {
    const visitor = h.anonymous()
    expect(await visitor.kb.helpArticle({ slug: 'exporting-your-data' })).toMatchObject({
      title: 'Exporting your data',
      body: 'Open **Settings** and choose *Export*.',
    })
    for (const slug of ['export-secrets-draft', 'nothing-here']) {
      expect((await refusalOf(visitor.kb.helpArticle({ slug }))).code, slug).toBe('NOT_FOUND')
    }
    expect((await refusalOf(visitor.kb.helpArticle({ slug: 'x'.repeat(500) }))).code).toBe('BAD_REQUEST')
  })

  it('searching is limited per address, as on the public pages', async () => {
    const visitor = h.anonymous('203.0.113.77')
    let refusal = null
    for (let attempt = 0; attempt < 100 && !refusal; attempt++) {
      refusal = await visitor.kb.help({ search: `export ${attempt}` }).then(
        () => null,
        (error: unknown) => error,
      )
    }
    expect(refusal).not.toBeNull()
    expect((await refusalOf(visitor.kb.help({ search: 'export' }))).code).toBe('TOO_MANY_REQUESTS')
    // Listing without a search is not a search.
    expect((await visitor.kb.help({})).length).toBe(1)
  })
})
