import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { CustomerEvent, InboxEvent } from '@parley/api'
import { freshPostgresDatabase, testServices } from '@parley/test-services'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, createClient, type Received, record, signIn } from './clients.ts'

// Two server processes behind no load balancer at all: one PostgreSQL, one Redis, nothing shared in
// memory. Whatever instance a client talks to, it gets every message exactly once.

const services = testServices()
const admin = { email: 'anna@example.com', password: 'correct horse battery' }
// Node itself with tsx's loader, not the tsx command: that runs the server in a child process of its own,
// which a SIGKILL to the command would leave running.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
const main = path.resolve(import.meta.dirname, '../src/main.ts')
const clientId = () => crypto.randomUUID()

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** One Parley process, as `pnpm start` runs it. */
class Instance {
  process: ChildProcess | null = null
  readonly url: string

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', tsxLoader, main], {
      // Side by side on one machine: each its own inbound SMTP port, as each would have its own host.
      env: {
        ...process.env,
        INBOUND_SMTP_PORT: '0',
        ...this.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.process = child
    let output = ''
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`instance did not start:\n${output}`)), 30_000)
      const read = (data: Buffer) => {
        output += data.toString()
        if (output.includes('Parley is running at')) {
          clearTimeout(timer)
          resolve()
        }
      }
      child.stdout?.on('data', read)
      child.stderr?.on('data', read)
      child.once('exit', (code) => reject(new Error(`instance exited (${code}) while starting:\n${output}`)))
    })
  }

  /** No shutdown, no goodbye to clients: the machine is gone. */
  async kill(): Promise<void> {
    const child = this.process
    if (!child || child.exitCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
    this.process = null
  }

  async stop(): Promise<void> {
    const child = this.process
    if (!child || child.exitCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
}

const bodies = (received: Received<InboxEvent | CustomerEvent>) =>
  received.data.flatMap((e) =>
    e.type === 'message.created' && e.message.kind === 'text' ? [e.message.body] : [],
  )

/** Sends until the server acknowledges, with the same client id each time: an outage delays, never doubles. */
async function sendReliably(send: (clientId: string) => Promise<unknown>, timeoutMs = 30_000): Promise<void> {
  const id = clientId()
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      await send(id)
      return
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

function restartRedis() {
  execFileSync('redis-cli', ['shutdown', 'nosave'])
  execFileSync('redis-server', [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '--port',
    '6379',
    '--save',
    '',
    '--appendonly',
    'no',
  ])
}

async function untilRedisAnswers() {
  const deadline = Date.now() + 10_000
  for (;;) {
    try {
      if (execFileSync('redis-cli', ['ping']).toString().trim() === 'PONG') return
    } catch {}
    if (Date.now() > deadline) throw new Error('Redis did not come back')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Asks until `read` gives `expected` (2 s at most): state another instance hears of over Redis. */
async function eventually<T>(read: () => Promise<T>, expected: T): Promise<void> {
  const deadline = Date.now() + 2_000
  while ((await read()) !== expected) {
    if (Date.now() > deadline) throw new Error(`still not ${String(expected)} after 2 s`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe.runIf(services)('two instances on one PostgreSQL and one Redis', () => {
  let a: Instance
  let b: Instance
  let drop: () => Promise<unknown>
  const clients: Client[] = []
  const open = (instance: Instance, credentials: { cookie?: string; visitorToken?: string }) => {
    const client = createClient(instance.url, credentials)
    clients.push(client)
    return client
  }

  beforeAll(async () => {
    const database = await freshPostgresDatabase(services!.postgresUrl)
    drop = database.drop
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: services!.redisUrl,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      // Short, so the test sees both sides of it: a reload keeps the agent online, leaving does not.
      PRESENCE_GRACE_MS: '1000',
    }
    a = new Instance(await freePort(), env)
    b = new Instance(await freePort(), env)
    // Together: both migrate the same empty database at once, and one waits for the other.
    await Promise.all([a.start(), b.start()])
  }, 60_000)

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()))
    await Promise.all([a?.stop(), b?.stop()])
    await untilRedisAnswers()
    await drop?.()
  }, 30_000)

  /** A customer on A with a conversation an agent on B has taken, both following it live. */
  async function conversationAcross() {
    const { token } = await open(a, {}).trpc.customer.start.mutate({ name: 'Rita' })
    const customer = open(a, { visitorToken: token })
    const { conversation } = await customer.trpc.customer.startConversation.mutate({
      clientId: clientId(),
      body: 'hello from A',
    })
    const cookie = await signIn(b.url, admin.email, admin.password)
    const agent = open(b, { cookie })
    await agent.trpc.conversation.assignToMe.mutate({ conversationId: conversation.id })
    const { lastEventId } = await customer.trpc.customer.conversation.query({ id: conversation.id })
    const chat = await record<CustomerEvent>((handlers) =>
      customer.trpc.customer.onEvents.subscribe({ lastEventId }, handlers),
    )
    const thread = await agent.trpc.conversation.get.query({ id: conversation.id })
    const inbox = await record<InboxEvent>((handlers) =>
      agent.trpc.conversation.onThread.subscribe(
        { conversationId: conversation.id, lastEventId: thread.lastEventId },
        handlers,
      ),
    )
    const conversationId = conversation.id
    /** Turn n of the conversation: Rita on A for odd n, Anna on B for even; resolves once acknowledged. */
    const turn = async (n: number) => {
      const body = n % 2 ? `rita ${n}` : `anna ${n}`
      await sendReliably((id) =>
        n % 2
          ? customer.trpc.customer.send.mutate({ conversationId, clientId: id, body })
          : agent.trpc.conversation.reply.mutate({ conversationId, clientId: id, body }),
      )
      return body
    }
    return { customer, agent, cookie, conversationId, chat, inbox, turn }
  }

  it('a customer on A and an agent on B converse live, both ways', async () => {
    const { customer, agent, conversationId, chat, inbox } = await conversationAcross()
    await customer.trpc.customer.send.mutate({ conversationId, clientId: clientId(), body: 'from Rita on A' })
    await inbox.waitFor((e) => e.type === 'message.created' && e.message.body === 'from Rita on A', 5_000)
    await agent.trpc.conversation.reply.mutate({
      conversationId,
      clientId: clientId(),
      body: 'from Anna on B',
    })
    await chat.waitFor((e) => e.type === 'message.created' && e.message.body === 'from Anna on B', 5_000)
    await agent.trpc.conversation.note.mutate({ conversationId, clientId: clientId(), body: 'NOTE on B' })
    await inbox.waitFor((e) => e.type === 'message.created' && e.message.body === 'NOTE on B', 5_000)
    expect(JSON.stringify(chat.data)).not.toContain('NOTE on B')
  })

  it('a file uploaded through A is sent with a message on B, and served by either to the customer', async () => {
    const { token } = await open(a, {}).trpc.customer.start.mutate({ name: 'Fiona' })
    const customer = open(a, { visitorToken: token })
    const { conversation } = await customer.trpc.customer.startConversation.mutate({
      clientId: clientId(),
      body: 'the receipt follows',
    })
    const content = new TextEncoder().encode('Receipt 4711: 2 × parcel, paid.')
    const uploaded = await fetch(`${a.url}/api/uploads?conversationId=${conversation.id}&name=receipt.txt`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-parley-visitor': token },
      body: content,
    })
    expect(uploaded.status).toBe(201)
    const { id } = (await uploaded.json()) as { id: string }
    const onB = open(b, { visitorToken: token })
    await onB.trpc.customer.send.mutate({
      conversationId: conversation.id,
      clientId: clientId(),
      body: '',
      attachmentIds: [id],
    })
    const key = await onB.trpc.customer.fileKey.query()
    for (const instance of [a, b]) {
      const response = await fetch(`${instance.url}/files/${id}?key=${encodeURIComponent(key)}`)
      expect(response.status).toBe(200)
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(content)
    }
  })

  it('a sign-out on A ends that session on B at once: its next reply and its open streams', async () => {
    const { agent, cookie, conversationId, inbox } = await conversationAcross()
    const typing = await record((handlers) =>
      agent.trpc.conversation.onTyping.subscribe({ conversationId }, handlers),
    )
    // B remembers the session for replies (no database read): the sign-out has to reach that memory.
    await agent.trpc.conversation.reply.mutate({ conversationId, clientId: clientId(), body: 'before' })
    await open(a, { cookie }).trpc.auth.signOut.mutate()
    await expect(
      agent.trpc.conversation.reply.mutate({ conversationId, clientId: clientId(), body: 'after' }),
    ).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } })
    for (const stream of [inbox, typing]) {
      await expect(stream.until(() => false, 2_000)).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } })
    }
  })

  it('an admin on A deactivates an agent: their stream on B ends within a second, their sign-in is refused', async () => {
    const adminOnA = open(a, { cookie: await signIn(a.url, admin.email, admin.password) })
    const { agent: zara, invitePath } = await adminOnA.trpc.team.invite.mutate({
      name: 'Zara Stone',
      email: 'zara@example.com',
      role: 'agent',
      support: true,
    })
    const token = new URL(invitePath, a.url).searchParams.get('token') ?? ''
    await open(b, {}).trpc.auth.acceptInvite.mutate({ token, password: 'zaras own password' })
    const onB = open(b, { cookie: await signIn(b.url, 'zara@example.com', 'zaras own password') })
    const inbox = await record((handlers) =>
      onB.trpc.conversation.onInbox.subscribe({ lastEventId: null }, handlers),
    )
    await adminOnA.trpc.team.deactivate.mutate({ agentId: zara.id })
    await expect(inbox.until(() => false, 1_000)).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } })
    await expect(
      onB.trpc.conversation.list.query({ section: 'customers', status: 'open' }),
    ).rejects.toMatchObject({
      data: { code: 'UNAUTHORIZED' },
    })
    await expect(signIn(b.url, 'zara@example.com', 'zaras own password')).rejects.toThrow()
  })

  it('a colleague viewing and typing on A is seen by an agent on B (collision detection)', async () => {
    const { agent: adminOnB, conversationId } = await conversationAcross()
    const adminOnA = open(a, { cookie: await signIn(a.url, admin.email, admin.password) })
    const { invitePath } = await adminOnA.trpc.team.invite.mutate({
      name: 'Ben Berg',
      email: 'ben@example.com',
      role: 'agent',
      support: true,
    })
    const token = new URL(invitePath, a.url).searchParams.get('token') ?? ''
    await open(a, {}).trpc.auth.acceptInvite.mutate({ token, password: 'bens own password' })
    const benOnA = open(a, { cookie: await signIn(a.url, 'ben@example.com', 'bens own password') })
    const seen = await record<{ kind: string; name: string }>((handlers) =>
      adminOnB.trpc.conversation.onTyping.subscribe({ conversationId }, handlers),
    )
    const viewId = crypto.randomUUID()
    // B's listener may still be joining the bus: say it again until B hears it, as the app's repeat does.
    const heard = (kind: string) => (item: { kind: string; name: string }) =>
      item.kind === kind && item.name === 'Ben Berg'
    for (let attempt = 1; !seen.data.some(heard('viewing')); attempt += 1) {
      await benOnA.trpc.conversation.viewing.mutate({ conversationId, viewId, present: true })
      await seen.waitFor(heard('viewing'), 500).catch((error) => {
        if (attempt >= 10) throw error
      })
    }
    await benOnA.trpc.conversation.typing.mutate({ conversationId, visibility: 'internal' })
    await seen.waitFor(heard('typing'))
    seen.unsubscribe()
  })

  it('an agent with the inbox open on B is online on A, still after a reload, and offline once it closes', async () => {
    const onA = open(a, { cookie: await signIn(a.url, admin.email, admin.password) })
    const onB = open(b, { cookie: await signIn(b.url, admin.email, admin.password) })
    // Online or away: there, as far as the helpdesk and Missed go.
    const online = async () => (await onA.trpc.agents.list.query())[0]?.presence !== 'offline'
    const availability = async () => (await open(a, {}).trpc.customer.availability.query()).status
    // An inbox an earlier test closed may still be within its grace period.
    await eventually(online, false)
    expect(await availability()).toBe('offline')
    const inbox = await record((handlers) =>
      onB.trpc.conversation.onInbox.subscribe({ lastEventId: null }, handlers),
    )
    await eventually(online, true)
    expect(await availability()).toBe('online')
    // A reload: the inbox closes and opens again within the grace period; A never sees them leave.
    inbox.unsubscribe()
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await online()).toBe(true)
    const reloaded = await record((handlers) =>
      onB.trpc.conversation.onInbox.subscribe({ lastEventId: null }, handlers),
    )
    await new Promise((resolve) => setTimeout(resolve, 1_200))
    expect(await online()).toBe(true)
    reloaded.unsubscribe()
    await eventually(online, false)
    expect(await availability()).toBe('offline')
  })

  it('A killed while messages flow: the customer reconnects and has every acknowledged message once', async () => {
    const { customer, chat, inbox, turn } = await conversationAcross()
    const acknowledged: string[] = []
    const flow = (async () => {
      for (let n = 1; n <= 40; n += 1) {
        acknowledged.push(await turn(n))
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
    })()
    await chat.waitFor((e) => e.type === 'message.created' && e.message.body === 'rita 9', 10_000)
    await a.kill()
    await a.start()
    await flow

    const last = acknowledged.at(-1)!
    await chat.waitFor((e) => e.type === 'message.created' && e.message.body === last, 15_000)
    await inbox.waitFor((e) => e.type === 'message.created' && e.message.body === last, 15_000)
    expect(bodies(chat).filter((body) => body !== 'hello from A')).toEqual(acknowledged)
    expect(bodies(inbox)).toEqual(acknowledged)
    expect(customer.wire.sockets.length).toBeGreaterThanOrEqual(2)
  }, 60_000)

  it('Redis restarted mid-conversation: nothing lost, nothing doubled', async () => {
    const { chat, inbox, turn } = await conversationAcross()
    const sent: string[] = []
    const send = async (n: number) => void sent.push(await turn(n))
    for (let n = 1; n <= 6; n += 1) await send(n)
    restartRedis()
    for (let n = 7; n <= 12; n += 1) await send(n)
    await untilRedisAnswers()
    for (let n = 13; n <= 18; n += 1) await send(n)

    await chat.waitFor((e) => e.type === 'message.created' && e.message.body === 'anna 18', 15_000)
    await inbox.waitFor((e) => e.type === 'message.created' && e.message.body === 'anna 18', 15_000)
    expect(bodies(chat).filter((body) => body !== 'hello from A')).toEqual(sent)
    expect(bodies(inbox)).toEqual(sent)
  }, 60_000)
})
