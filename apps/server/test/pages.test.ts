import { existsSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './clients.ts'

// A reload or a shared link opens the apps' own pages; any other address says "not found" with a 404,
// so a typo or an old bookmark is not mistaken for a page that exists.

const dist = (app: string) => fileURLToPath(new URL(`../../${app}/dist`, import.meta.url))
const built = existsSync(dist('agent')) && existsSync(dist('chat'))
// `pnpm test` builds both apps first (turbo: test depends on ^build); a bare `vitest run` may not have.
if (!built && process.env.CI) throw new Error('CI=true but the apps are not built: run "pnpm build" first.')

describe.skipIf(!built)('pages the server answers', () => {
  let test: TestServer
  const get = (path: string) => fetch(`${test.server.url}${path}`, { redirect: 'manual' })

  beforeAll(async () => {
    test = await startTestServer()
  })
  afterAll(async () => {
    await test?.close()
  })

  it.each([
    '/',
    '/login',
    '/setup?token=abc',
    '/c/abc',
    '/profile',
    '/knowledge-base',
    '/knowledge-base/new',
    '/knowledge-base/abc',
    '/text-blocks',
    '/invite?token=abc',
    '/settings',
    '/settings/outbox',
    '/settings/outbox?mail=abc',
    '/trash',
    '/contacts',
    '/tickets',
    '/contacts/abc',
    '/chat',
    '/chat/',
    '/chat/new',
    '/chat/conversations',
    '/chat/c/abc',
    '/chat/help',
    '/chat/help/exporting-your-data',
  ])('%s opens the app', async (path) => {
    const response = await get(path)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(response.headers.get('cache-control')).toBe('no-cache')
    expect(await response.text()).toMatch(/<script type="module"/)
  })

  it.each([
    '/kbase',
    '/settings/more',
    '/settings/outbox/abc',
    '/contacts/abc/more',
    '/anything',
    '/c',
    '/c/abc/more',
    '/chat/nope',
    '/chat/c',
  ])('%s is not found', async (path) => {
    const response = await get(path)
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await response.text()).toMatch(/Page not found/)
  })

  it('the apps’ built assets are served and cached for good', async () => {
    for (const [app, prefix] of [
      ['agent', '/assets/'],
      ['chat', '/chat/assets/'],
    ] as const) {
      const asset = readdirSync(`${dist(app)}/assets`).find((name) => name.endsWith('.js'))
      const response = await get(`${prefix}${asset}`)
      expect(response.status).toBe(200)
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    }
    expect((await get('/assets/missing.js')).status).toBe(404)
  })

  it('sends the compressed copy the browser accepts, a third of the size or less', async () => {
    const asset = readdirSync(`${dist('chat')}/assets`).find(
      (name) => name.startsWith('index-') && name.endsWith('.js'),
    )
    const url = `${test.server.url}/chat/assets/${asset}`
    const plain = await fetch(url, { headers: { 'accept-encoding': 'identity' } })
    const plainBytes = (await plain.arrayBuffer()).byteLength
    for (const encoding of ['br', 'gzip']) {
      const response = await fetch(url, { headers: { 'accept-encoding': encoding } })
      expect(response.headers.get('content-encoding'), encoding).toBe(encoding)
      expect(Number(response.headers.get('content-length')), encoding).toBeLessThan(plainBytes / 2.5)
    }
    const widget = await fetch(`${test.server.url}/widget.js`, { headers: { 'accept-encoding': 'br' } })
    expect(widget.headers.get('content-encoding')).toBe('br')
    expect(widget.headers.get('vary')).toBe('Accept-Encoding')
  })

  it('the API is not a page', async () => {
    const response = await get('/api/trpc/auth.me')
    expect(response.status).not.toBe(404)
    expect(response.headers.get('content-type')).toMatch(/json/)
  })
})
