import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig, type RunningServer, startServer } from '../src/index.ts'
import { type Client, createClient, freshStorage, signIn } from './clients.ts'

// The public knowledge base over real HTTP: plain HTML that works without JavaScript, in the reader's
// language, escaped, with a CSP that allows no script; drafts and unknown slugs are 404s; and what one
// instance publishes, another serves at once (both read the database on every request).

const admin = { email: 'anna@example.com', password: 'correct horse battery' }

let storage: Awaited<ReturnType<typeof freshStorage>>
let first: RunningServer
let second: RunningServer
let agent: Client

const start = () =>
  startServer(
    loadConfig({
      PORT: '0',
      ...storage.env,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
    }),
  )

beforeAll(async () => {
  storage = await freshStorage()
  first = await start()
  second = await start()
  agent = createClient(first.url, { cookie: await signIn(first.url, admin.email, admin.password) })
})
afterAll(async () => {
  await agent?.close()
  await first?.close()
  await second?.close()
  await storage?.remove()
})

const get = (server: RunningServer, path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { headers, redirect: 'manual' })

async function publish(input: { title: string; category?: string; body: string; slug?: string }) {
  const created = await agent.trpc.kb.create.mutate(input)
  return agent.trpc.kb.publish.mutate({ id: created.id })
}

describe('an article page', () => {
  it('answers with the article as HTML that needs no JavaScript, and a CSP that runs none', async () => {
    const article = await publish({
      title: 'How returns work',
      category: 'Orders',
      body: '## Steps\n\n1. Pack it\n2. **Send** it\n\nSee [[https://example.com/kb/x | shipping]].',
    })
    const response = await get(first, `/kb/${article.slug}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const csp = response.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'none'")
    expect(csp).not.toMatch(/script-src|unsafe-inline/)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    const html = await response.text()
    expect(html).toMatch(/^<!doctype html><html lang="en">/)
    expect(html).toContain('<h1>How returns work</h1>')
    expect(html).toContain('<h2>Steps</h2>')
    expect(html).toContain('<strong>Send</strong>')
    expect(html).toContain('<a href="https://example.com/kb/x"')
    expect(html).toContain('Orders')
    expect(html).not.toContain('<script')
    expect(html).not.toContain('<link')
  })

  it('escapes everything an agent wrote', async () => {
    const article = await publish({
      title: '<img src=x onerror=alert(1)> & "quotes"',
      category: '<b>cat</b>',
      body: '<script>alert(1)</script>\n\n[x](javascript:alert(1))',
    })
    const html = await (await get(first, `/kb/${article.slug}`)).text()
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;')
    expect(html).toContain('&lt;b&gt;cat&lt;/b&gt;')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toMatch(/<script|<img|<b>|href="javascript/i)
  })

  it('speaks German to a German browser, and ?lang= overrides the browser', async () => {
    const article = await publish({ title: 'Zahlungsarten', body: 'Rechnung oder Karte.' })
    const german = await (
      await get(first, `/kb/${article.slug}`, { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' })
    ).text()
    expect(german).toMatch(/<html lang="de">/)
    expect(german).toContain('Alle Artikel')
    expect(german).toContain('Aktualisiert am')
    const english = await (
      await get(first, `/kb/${article.slug}?lang=en`, { 'accept-language': 'de' })
    ).text()
    expect(english).toMatch(/<html lang="en">/)
    expect(english).toContain('All articles')
    expect(await (await get(first, `/kb/${article.slug}?lang=de`)).text()).toMatch(/<html lang="de">/)
  })

  it('answers HEAD with the headers and no body', async () => {
    const article = await publish({ title: 'Head request', body: 'x' })
    const response = await fetch(`${first.url}/kb/${article.slug}`, { method: 'HEAD' })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await response.text()).toBe('')
  })

  it.each([
    '/kb/no-such-article',
    '/kb/Not-A-Slug',
    '/kb/a/b',
    '/kb/%2e%2e%2fetc',
    '/kb/%E0%A4%A',
    `/kb/${'a'.repeat(81)}`,
  ])('%s is a 404 page in the same look', async (path) => {
    const response = await get(first, path)
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const html = await response.text()
    expect(html).toContain('Article not found')
    expect(html).toContain('<style>')
  })

  it('a draft is a 404, in German for a German reader', async () => {
    const draft = await agent.trpc.kb.create.mutate({ title: 'Secret plans', body: 'Not yet.' })
    const response = await get(first, `/kb/${draft.slug}`, { 'accept-language': 'de' })
    expect(response.status).toBe(404)
    const html = await response.text()
    expect(html).toContain('Artikel nicht gefunden')
    expect(html).not.toContain('Not yet.')
  })

  it('other methods are refused', async () => {
    const response = await fetch(`${first.url}/kb`, { method: 'POST', body: 'q=x' })
    expect(response.status).toBe(405)
  })
})

describe('the index', () => {
  it('lists published articles grouped by category, drafts left out', async () => {
    await publish({ title: 'Track a parcel', category: 'Shipping', body: 'x' })
    await publish({ title: 'Change your password', category: 'Account', body: 'x' })
    await agent.trpc.kb.create.mutate({ title: 'Draft about shipping', category: 'Shipping', body: 'x' })
    const response = await get(first, '/kb')
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toMatch(/<h2 id="kb-cat-\d+">Account<\/h2><ul><li><a href="\/kb\/change-your-password">/)
    expect(html).toMatch(/<h2 id="kb-cat-\d+">Shipping<\/h2>/)
    expect(html.indexOf('>Account<')).toBeLessThan(html.indexOf('>Shipping<'))
    expect(html).not.toContain('Draft about shipping')
    // Articles without a category come last, under "General".
    expect(html).toContain('>General<')
    expect(html.indexOf('>General<')).toBeGreaterThan(html.indexOf('>Shipping<'))
    expect(html).toContain('<form class="kb-search" role="search" action="/kb" method="get">')
  })

  it('searches with a plain GET form (?q=), escaping what was searched for', async () => {
    await publish({ title: 'Refund timeline', category: 'Orders', body: 'Refunds take five days.' })
    const found = await (await get(first, '/kb?q=refund')).text()
    expect(found).toContain('Refund timeline')
    expect(found).not.toContain('Track a parcel')
    expect(found).toContain('value="refund"')

    const hostile = await (
      await get(first, `/kb?q=${encodeURIComponent('"><script>alert(1)</script>')}`)
    ).text()
    expect(hostile).not.toContain('<script>')
    expect(hostile).toContain('&quot;&gt;&lt;script&gt;')
    expect(hostile).toContain('No article matches')
  })

  it('keeps a chosen language in its links and its search form', async () => {
    const html = await (await get(first, '/kb?lang=de')).text()
    expect(html).toMatch(/<html lang="de">/)
    expect(html).toContain('Hilfe-Center')
    expect(html).toContain('<input type="hidden" name="lang" value="de">')
    expect(html).toMatch(/href="\/kb\/[a-z0-9-]+\?lang=de"/)
  })
})

describe('several instances', () => {
  it('what one instance publishes or unpublishes, the other serves at once', async () => {
    const created = await agent.trpc.kb.create.mutate({ title: 'Instances agree', body: 'Same everywhere.' })
    expect((await get(second, `/kb/${created.slug}`)).status).toBe(404)
    await agent.trpc.kb.publish.mutate({ id: created.id })
    expect((await get(second, `/kb/${created.slug}`)).status).toBe(200)
    expect(await (await get(second, '/kb?q=instances')).text()).toContain('Instances agree')
    await agent.trpc.kb.unpublish.mutate({ id: created.id })
    expect((await get(second, `/kb/${created.slug}`)).status).toBe(404)
  })

  it('article links use the public address', async () => {
    const created = await agent.trpc.kb.create.mutate({ title: 'Absolute links', body: '' })
    expect(created.url).toBe(`${first.url}/kb/absolute-links`)
  })
})

describe('searching is limited per address', () => {
  it('a script searching in a loop gets 429 with Retry-After, while articles still open', async () => {
    const article = await publish({ title: 'Still readable', body: 'x' })
    let status = 200
    let searches = 0
    while (status === 200 && searches < 100) {
      searches += 1
      status = (await get(second, `/kb?q=loop${searches}`)).status
    }
    // 60 a minute (LIMITS.publicSearchesPerAddress), counting the one search made on this instance above.
    expect(searches).toBe(60)
    const refused = await get(second, '/kb?q=again', { 'accept-language': 'de' })
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await refused.text()).toContain('Zu viele Suchanfragen')
    expect((await get(second, `/kb/${article.slug}`)).status).toBe(200)
    expect((await get(second, '/kb')).status).toBe(200)
  })
})
