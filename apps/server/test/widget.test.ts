import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn, startTestServer, type TestServer } from './clients.ts'

// Issue 10, part 3 at the server: `/widget.js` for any site to load (its size: bundle-budgets.test.ts), and the chat
// page framed only by the sites the admins allowed — every other page stays unframeable elsewhere.

const widgetFile = fileURLToPath(new URL('../../widget/dist/widget.js', import.meta.url))
const built = existsSync(widgetFile) && existsSync(fileURLToPath(new URL('../../chat/dist', import.meta.url)))
if (!built && process.env.CI) throw new Error('CI=true but the apps are not built: run "pnpm build" first.')

describe.skipIf(!built)('the website widget at the server', () => {
  let test: TestServer
  const get = (path: string) => fetch(`${test.server.url}${path}`)

  beforeAll(async () => {
    test = await startTestServer()
  })
  afterAll(async () => {
    await test?.close()
  })

  it('serves /widget.js to other sites, briefly cached', async () => {
    const response = await get('/widget.js')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('public, max-age=300')
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
    const body = Buffer.from(await response.arrayBuffer())
    expect(body.equals(readFileSync(widgetFile))).toBe(true)
  })

  it('lets only the allowed sites frame the chat page, and no page but the chat', async () => {
    const before = await get('/chat')
    expect(before.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'$/)
    expect(before.headers.get('x-frame-options')).toBe('SAMEORIGIN')

    const cookie = await signIn(test.server.url, test.admin.email, test.admin.password)
    const admin = test.client({ cookie })
    await admin.trpc.widget.setSites.mutate({ sites: ['https://shop.example', 'http://localhost:8080'] })

    for (const path of ['/chat', '/chat/', '/chat/c/abc']) {
      const response = await get(path)
      expect(response.headers.get('content-security-policy'), path).toMatch(
        /frame-ancestors 'self' https:\/\/shop\.example http:\/\/localhost:8080$/,
      )
      expect(response.headers.get('x-frame-options'), path).toBeNull()
    }
    for (const path of ['/', '/login', '/kb']) {
      const response = await get(path)
      expect(response.headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'self'$/)
    }
    expect((await get('/')).headers.get('x-frame-options')).toBe('SAMEORIGIN')
  })
})
