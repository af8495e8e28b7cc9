import { appRouter, createCallerFactory, createContext } from '@parley/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { type RunningServer, startServer } from '../src/server.ts'
import { freshStorage } from './clients.ts'

const createCaller = createCallerFactory(appRouter)
let server: RunningServer
let storage: Awaited<ReturnType<typeof freshStorage>>

beforeAll(async () => {
  storage = await freshStorage()
  server = await startServer(loadConfig({ PORT: '0', ...storage.env, DEMO_DATA: '1' }))
})
afterAll(async () => {
  await server.close()
  await storage.remove()
})

async function signIn(email: string) {
  let cookie = ''
  const anonymous = createCaller(
    createContext(server.deps, { headers: {} }, { setCookie: (c) => (cookie = c) }),
  )
  await anonymous.auth.signIn({ email, password: 'parley-demo' })
  return createCaller(createContext(server.deps, { headers: { cookie: cookie.split(';')[0] ?? '' } }, {}))
}

describe('DEMO_DATA=1 on an empty data directory', () => {
  it('needs no setup and gives a support inbox with open and closed conversations', async () => {
    expect(server.setupUrl).toBeNull()
    const admin = await signIn('admin@example.com')
    const open = await admin.conversation.list({ section: 'customers', status: 'open' })
    const closed = await admin.conversation.list({ section: 'customers', status: 'closed' })
    expect(open.map((c) => c.contact?.name).sort()).toEqual(['Sally Carter', 'Tom Becker'])
    expect(closed.map((c) => c.ticket?.title)).toEqual(['App crashes on photo upload'])
  })

  it('has a knowledge base with published articles, one in German, and a draft', async () => {
    const admin = await signIn('admin@example.com')
    const published = await admin.kb.list({ status: 'published' })
    expect(published.map((a) => a.slug).sort()).toEqual([
      'ruecksendung-und-erstattung',
      'tracking-your-parcel',
    ])
    expect(published[0]?.url).toMatch(new RegExp(`^${server.url}/kb/`))
    expect(await admin.kb.list({ status: 'draft' })).toHaveLength(1)
    expect((await fetch(`${server.url}/kb/tracking-your-parcel`)).status).toBe(200)
  })

  it('includes an agent without the support flag, who sees no customer conversation', async () => {
    const paula = await signIn('paula@example.com')
    expect(await paula.conversation.list({ section: 'customers', status: 'open' })).toEqual([])
    expect(await paula.conversation.list({ section: 'mine', status: 'open' })).toEqual([])
  })
})
