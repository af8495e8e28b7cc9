import { connect } from 'node:net'
import { Contact } from '@parley/db'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { signIn, startTestServer, type TestServer } from './clients.ts'

// Garbage below the procedures: what arrives on the wire before zod ever sees it. Each gets a clear
// refusal, stores nothing, and leaves the server serving everyone else.

let world: TestServer
const contacts = () => world.server.deps.orm.em.fork().count(Contact)

beforeAll(async () => {
  world = await startTestServer()
})
afterAll(() => world?.close())

const post = (body: string | Uint8Array, contentType = 'application/json') =>
  fetch(`${world.server.url}/api/trpc/customer.start`, {
    method: 'POST',
    headers: { 'content-type': contentType, origin: world.server.url },
    body,
  })

/** A bare WebSocket as a browser on the right origin would open it. */
function socket(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${world.server.url.replace(/^http/, 'ws')}/api/trpc`, {
      headers: { origin: world.server.url },
    })
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

/** The next text frame the server sends, parsed. */
const nextMessage = (ws: WebSocket) =>
  new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))))

async function stillServing() {
  const response = await post(JSON.stringify({ json: { name: 'Still here' } }))
  expect(response.status).toBe(200)
}

describe('garbage on the wire', () => {
  it('an HTTP body over 1 MB is refused with 413 and stores nothing', async () => {
    const before = await contacts()
    const response = await post(JSON.stringify({ json: { name: 'x'.repeat(2 * 1024 * 1024) } }))
    expect(response.status).toBe(413)
    expect(await contacts()).toBe(before)
    await stillServing()
  })

  it('a body that is not JSON is refused with 400 and a message saying so', async () => {
    const before = await contacts()
    const response = await post('{"json": {"name": "Ann"')
    expect(response.status).toBe(400)
    const [body] = [await response.json()].flat() as Array<{ error: { json: { message: string } } }>
    expect(body?.error.json.message).toMatch(/JSON|parse/i)
    expect(await contacts()).toBe(before)
    await stillServing()
  })

  it('a body that is not UTF-8 is refused with a clear error, never stored with replacement characters', async () => {
    const before = await contacts()
    const json = new TextEncoder().encode('{"json": {"name": "Ann \u0001"}}')
    // 0xFF is never part of UTF-8: the name's last character is a broken byte, not a replaced one.
    json.set([0xff], json.indexOf(0x01))
    const response = await post(json)
    expect(response.status).toBe(400)
    const [body] = [await response.json()].flat() as Array<{ error: { json: { message: string } } }>
    expect(body?.error.json.message).toBe('The request is not valid UTF-8 text.')
    expect(await contacts()).toBe(before)
    await stillServing()
  })

  it('a WebSocket frame that is not UTF-8, as text or as binary, closes that connection (1007) and stores nothing', async () => {
    const before = await contacts()
    const call = new TextEncoder().encode(
      JSON.stringify({
        id: 1,
        method: 'mutation',
        params: { path: 'customer.start', input: { json: { name: 'Ann #' } } },
      }),
    )
    call.set([0xff], call.indexOf('#'.charCodeAt(0)))
    for (const binary of [false, true]) {
      const sender = await socket()
      const closed = new Promise<number>((resolve) => sender.once('close', (code) => resolve(code)))
      sender.send(call, { binary })
      expect(await closed).toBe(1007)
    }
    expect(await contacts()).toBe(before)
    await stillServing()
  })

  it('a WebSocket frame over 1 MB closes that connection (1009) and no other', async () => {
    const bystander = await socket()
    const sender = await socket()
    const closed = new Promise<number>((resolve) => sender.once('close', (code) => resolve(code)))
    sender.send('x'.repeat(2 * 1024 * 1024))
    expect(await closed).toBe(1009)
    expect(bystander.readyState).toBe(WebSocket.OPEN)
    bystander.close()
    await stillServing()
  })

  it('a WebSocket frame that is not a tRPC message is answered with an error, and the socket stays usable', async () => {
    const ws = await socket()
    const before = await contacts()
    for (const garbage of ['not json at all', '{"id": 1, "method": "mutation"}', '[1, 2, 3]']) {
      const answer = nextMessage(ws)
      ws.send(garbage)
      expect(await answer).toMatchObject({ error: { json: { message: expect.any(String) } } })
    }
    const answer = nextMessage(ws)
    ws.send(
      JSON.stringify({
        id: 7,
        method: 'mutation',
        params: { path: 'customer.start', input: { json: { name: 'After the garbage' } } },
      }),
    )
    expect(await answer).toMatchObject({ id: 7, result: { type: 'data' } })
    expect(await contacts()).toBe(before + 1)
    ws.close()
  })
})

describe('slow and broken requests', () => {
  it('a client dripping its headers is cut off with 408 once the headers time out', async () => {
    const slow = await startTestServer({ headersTimeoutMs: 500 })
    try {
      const { port } = new URL(slow.server.url)
      const socket = connect(Number(port), '127.0.0.1')
      let answer = ''
      socket.on('data', (data) => {
        answer += data.toString()
      })
      const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())))
      socket.write('POST /api/trpc/customer.start HTTP/1.1\r\nHost: localhost\r\n')
      const started = Date.now()
      // A byte every 100 ms keeps the connection busy but never finishes the headers.
      const drip = setInterval(() => socket.writable && socket.write('X'), 100)
      const closedAt = await closed
      clearInterval(drip)
      expect(answer).toMatch(/^HTTP\/1\.1 408/)
      expect(closedAt - started).toBeLessThan(5_000)
    } finally {
      await slow.close()
    }
  })

  it('a malformed session cookie is no credential: 401, not a server fault', async () => {
    const response = await fetch(`${world.server.url}/api/trpc/agents.list`, {
      headers: { cookie: 'parley_session=%E0%A4%A', origin: world.server.url },
    })
    expect(response.status).toBe(401)
    const me = await fetch(`${world.server.url}/api/trpc/auth.me`, {
      headers: { cookie: 'parley_session=%E0%A4%A', origin: world.server.url },
    })
    expect(me.status).toBe(200)
  })
})

describe('cross-site requests', () => {
  it('a sign-out posted from another site, as a form or as JSON, is refused and the session lives on', async () => {
    const cookie = await signIn(world.server.url, world.admin.email, world.admin.password)
    const attempts = [
      { origin: 'https://evil.example', type: 'multipart/form-data; boundary=x', body: '--x--\r\n' },
      { origin: 'https://evil.example', type: 'application/json', body: '{}' },
      // Same origin, but a form: only the apps' JSON calls are mutations.
      { origin: world.server.url, type: 'text/plain', body: '{}' },
    ]
    const statuses: number[] = []
    for (const attempt of attempts) {
      const response = await fetch(`${world.server.url}/api/trpc/auth.signOut`, {
        method: 'POST',
        headers: { cookie, origin: attempt.origin, 'content-type': attempt.type },
        body: attempt.body,
      })
      statuses.push(response.status)
    }
    expect(statuses).toEqual([403, 403, 415])
    const me = world.client({ cookie })
    expect(await me.trpc.auth.me.query()).toMatchObject({ email: world.admin.email })
  })
})

describe('what a broken call is told', () => {
  /** Deeply nested superjson meta: walking it overflowed the stack. */
  const deepMeta = () => {
    const depth = 20_000
    const meta = `${'{"a":'.repeat(depth)}["undefined"]${'}'.repeat(depth)}`
    return `{"json":{"name":"Deep"},"meta":{"values":{"name":${meta}}}}`
  }

  it("input the serializer cannot read gets the project's sentence, never a JavaScript internal", async () => {
    const answers: string[] = []
    const response = await post(deepMeta())
    answers.push(
      ([await response.json()].flat()[0] as { error: { json: { message: string } } }).error.json.message,
    )
    const ws = await socket()
    for (const input of [null, 5, 'text', { meta: 1 }]) {
      const answer = nextMessage(ws)
      ws.send(JSON.stringify({ id: 1, method: 'mutation', params: { path: 'customer.start', input } }))
      answers.push(((await answer) as { error: { json: { message: string } } }).error.json.message)
    }
    ws.close()
    for (const message of answers) {
      expect(message).not.toMatch(/Cannot|Maximum call stack|destructure|property|payload/)
    }
    await stillServing()
  })
})

describe('the server log', () => {
  it('a database failure is logged without the values of the statement', async () => {
    const broken = await startTestServer()
    const logged: string[] = []
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '))
    })
    const connection = broken.server.deps.orm.em.getConnection()
    try {
      // The table a new customer goes into is gone: the insert fails inside the database.
      await connection.execute('alter table contact rename to contact_gone')
      const anonymous = broken.client()
      await expect(
        anonymous.trpc.customer.start.mutate({ name: 'Secret Customer', email: 'secret@example.com' }),
      ).rejects.toMatchObject({ data: { code: 'INTERNAL_SERVER_ERROR' } })
      const line = logged.find((entry) => entry.includes('[api] customer.start'))
      expect(line).toMatch(/contact/)
      expect(line).not.toMatch(/Secret Customer|secret@example\.com/)
    } finally {
      spy.mockRestore()
      await connection.execute('alter table contact_gone rename to contact')
      await broken.close()
    }
  })
})
