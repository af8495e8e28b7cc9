import { appRouter, createCallerFactory, createContext } from '@parley/api'
import { TRPCClientError } from '@trpc/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { Received, record, startTestServer, type TestServer } from './clients.ts'

// The limits through the real HTTP stack: the caller's address comes from the socket, and a refusal
// reaches the client as 429 with its sentence.

let world: TestServer

beforeAll(async () => {
  world = await startTestServer()
})

afterAll(() => world?.close())

async function failureOf(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  )
  if (!(error instanceof TRPCClientError)) throw new Error(`expected a refusal, got ${String(error)}`)
  const data = error.data as { code: string; httpStatus: number; retryAfterSeconds: number | null }
  return {
    message: error.message,
    code: data.code,
    httpStatus: data.httpStatus,
    retryAfter: data.retryAfterSeconds,
  }
}

describe('abuse limits over HTTP', () => {
  it('password guessing from one address is answered 429 with how long to wait, and in-process callers are not affected', async () => {
    const { server, admin } = world
    const { trpc } = world.client()
    for (let attempt = 0; attempt < 50; attempt += 1) {
      expect(
        await failureOf(trpc.auth.signIn.mutate({ email: `user${attempt}@example.com`, password: 'guess' })),
      ).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401 })
    }

    expect(
      await failureOf(trpc.auth.signIn.mutate({ email: admin.email, password: admin.password })),
    ).toEqual({
      message: 'Too many sign-in attempts. Try again in 15 minutes.',
      code: 'TOO_MANY_REQUESTS',
      httpStatus: 429,
      // The quarter hour counts from the first failure, a moment ago.
      retryAfter: expect.toSatisfy((seconds: number) => seconds > 850 && seconds <= 900),
    })
    // The count was kept for this socket's address, not for callers without one.
    const inProcess = createCallerFactory(appRouter)(createContext(server.deps, { headers: {} }, {}))
    await expect(
      inProcess.auth.signIn({ email: admin.email, password: admin.password }),
    ).resolves.toMatchObject({
      email: admin.email,
    })
  })
})

/**
 * A failed sign-in as a browser behind a proxy makes it: a raw request with an X-Forwarded-For header,
 * each for another email, so only the per-address limit can refuse it.
 */
async function signInFrom(url: string, forwardedFor: string): Promise<number> {
  const response = await fetch(`${url}/api/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ json: { email: `${crypto.randomUUID()}@example.com`, password: 'guess' } }),
  })
  return response.status
}

describe('per-address limits behind a reverse proxy (TRUST_PROXY)', () => {
  it('off: X-Forwarded-For is ignored, so a client cannot escape the limit by writing a new one each time', async () => {
    const world = await startTestServer()
    try {
      const statuses: number[] = []
      for (let attempt = 0; attempt < 51; attempt += 1)
        statuses.push(await signInFrom(world.server.url, `198.51.100.${attempt}`))
      expect(statuses.slice(0, 50).every((status) => status === 401)).toBe(true)
      expect(statuses[50]).toBe(429)
    } finally {
      await world.close()
    }
  })

  it('one proxy trusted: callers behind it are counted apart, each by the address the proxy saw', async () => {
    const world = await startTestServer({}, { TRUST_PROXY: '1' })
    try {
      for (let attempt = 0; attempt < 50; attempt += 1)
        expect(await signInFrom(world.server.url, '198.51.100.7')).toBe(401)
      expect(await signInFrom(world.server.url, '198.51.100.7')).toBe(429)
      // A forged entry in front of the one the proxy appended changes nothing for the first caller...
      expect(await signInFrom(world.server.url, '192.0.2.1, 198.51.100.7')).toBe(429)
      // ...and another caller behind the same proxy still has its own budget.
      expect(await signInFrom(world.server.url, '198.51.100.8')).toBe(401)
    } finally {
      await world.close()
    }
  })
})

describe('new customers per address', () => {
  it('one address cannot mint customers without end; behind a trusted proxy each caller has its own budget', async () => {
    const world = await startTestServer({}, { TRUST_PROXY: '1' })
    const start = (forwardedFor: string) =>
      fetch(`${world.server.url}/api/trpc/customer.start`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ json: {} }),
      }).then((response) => response.status)
    try {
      const statuses: number[] = []
      for (let n = 0; n < 31; n += 1) statuses.push(await start('198.51.100.30'))
      expect(statuses.slice(0, 30).every((status) => status === 200)).toBe(true)
      expect(statuses[30]).toBe(429)
      expect(await start('198.51.100.31')).toBe(200)
    } finally {
      await world.close()
    }
  })
})

describe('caps on connections', () => {
  it('one address may hold 100 WebSockets; the next is refused with 429, and one closing makes room', async () => {
    const world = await startTestServer()
    const url = `${world.server.url.replace(/^http/, 'ws')}/api/trpc`
    const open = () =>
      new Promise<WebSocket | number>((resolve) => {
        const ws = new WebSocket(url, { headers: { origin: world.server.url } })
        ws.once('open', () => resolve(ws))
        ws.once('unexpected-response', (_req, response) => resolve(response.statusCode ?? 0))
      })
    const sockets: WebSocket[] = []
    try {
      for (let n = 0; n < 100; n += 1) {
        const ws = await open()
        if (typeof ws === 'number') throw new Error(`socket ${n} refused with ${ws}`)
        sockets.push(ws)
      }
      expect(await open()).toBe(429)
      const closed = new Promise((resolve) => sockets[0]!.once('close', resolve))
      sockets[0]!.close()
      await closed
      await new Promise((resolve) => setTimeout(resolve, 50))
      const again = await open()
      expect(again).toBeInstanceOf(WebSocket)
      sockets.push(again as WebSocket)
    } finally {
      for (const ws of sockets) ws.terminate()
      await world.close()
    }
  })

  it('one socket may follow 50 live updates at once; the 51st is refused, and ending one makes room', async () => {
    const world = await startTestServer()
    try {
      const { token } = await world.client().trpc.customer.start.mutate({})
      const customer = world.client({ visitorToken: token })
      const streams = []
      for (let n = 0; n < 50; n += 1)
        streams.push(await record((handlers) => customer.trpc.customer.onEvents.subscribe({}, handlers)))
      const refused = new Received<unknown>()
      customer.trpc.customer.onEvents.subscribe({}, { onError: (error) => refused.fail(error) })
      await expect(refused.until(() => false, 3_000)).rejects.toMatchObject({
        data: { code: 'TOO_MANY_REQUESTS' },
      })
      // Nor is there a way around the cap over HTTP: subscriptions are WebSocket-only.
      const overHttp = await fetch(
        `${world.server.url}/api/trpc/customer.onEvents?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`,
        { headers: { 'x-parley-visitor': token, accept: 'text/event-stream' } },
      )
      // The answer is an event stream that only says so, and ends.
      expect(await overHttp.text()).toContain('METHOD_NOT_SUPPORTED')
      streams[0]!.unsubscribe()
      await new Promise((resolve) => setTimeout(resolve, 100))
      await expect(
        record((handlers) => customer.trpc.customer.onEvents.subscribe({}, handlers)),
      ).resolves.toBeDefined()
    } finally {
      await world.close()
    }
  })
})
