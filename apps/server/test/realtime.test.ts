import type { CustomerEvent, InboxEvent } from '@parley/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { RunningServer } from '../src/index.ts'
import { type Client, record, signIn, startTestServer, type TestServer } from './clients.ts'

// The real server on a real port, driven by the same client stack the apps use: HTTP for calls,
// a WebSocket for subscriptions, the agent's session cookie on the upgrade, the visitor token as
// connection params.

let world: TestServer
let server: RunningServer
let cookie: string

beforeAll(async () => {
  world = await startTestServer()
  server = world.server
  cookie = await signIn(server.url, world.admin.email, world.admin.password)
})

afterAll(() => world?.close())

const client = (credentials: { cookie?: string; visitorToken?: string }): Client => world.client(credentials)

const agentClient = () => client({ cookie })

async function customerClient(name = 'Carla') {
  const { token } = await client({}).trpc.customer.start.mutate({ name })
  return client({ visitorToken: token })
}

const clientId = () => crypto.randomUUID()

describe('live updates between a customer and an agent', () => {
  it('a customer’s message reaches the agent’s inbox and thread, and the reply reaches the customer, each within a second', async () => {
    const agent = agentClient()
    const customer = await customerClient()

    const inbox = await record<InboxEvent>((handlers) =>
      agent.trpc.conversation.onInbox.subscribe({ lastEventId: '0' }, handlers),
    )
    let sentAt = Date.now()
    const { conversation } = await customer.trpc.customer.startConversation.mutate({
      clientId: clientId(),
      body: 'My parcel never came',
    })
    const arrived = await inbox.waitFor(
      (e) => e.type === 'message.created' && e.message.body === 'My parcel never came',
    )
    expect(arrived.at - sentAt).toBeLessThan(1_000)

    const opened = await agent.trpc.conversation.get.query({ id: conversation.id })
    const thread = await record<InboxEvent>((handlers) =>
      agent.trpc.conversation.onThread.subscribe(
        { conversationId: conversation.id, lastEventId: opened.lastEventId },
        handlers,
      ),
    )
    const { lastEventId } = await customer.trpc.customer.conversation.query({ id: conversation.id })
    const events = await record<CustomerEvent>((handlers) =>
      customer.trpc.customer.onEvents.subscribe({ lastEventId }, handlers),
    )

    sentAt = Date.now()
    await customer.trpc.customer.send.mutate({
      conversationId: conversation.id,
      clientId: clientId(),
      body: 'Any news?',
    })
    const inThread = await thread.waitFor(
      (e) => e.type === 'message.created' && e.message.body === 'Any news?',
    )
    expect(inThread.at - sentAt).toBeLessThan(1_000)

    await agent.trpc.conversation.assignToMe.mutate({ conversationId: conversation.id })
    sentAt = Date.now()
    const reply = await agent.trpc.conversation.reply.mutate({
      conversationId: conversation.id,
      clientId: clientId(),
      body: 'It is on its way.',
    })
    const delivered = await events.waitFor((e) => e.type === 'message.created' && e.message.id === reply.id)
    expect(delivered.at - sentAt).toBeLessThan(1_000)
    // superjson on the wire: dates arrive as dates.
    expect(delivered.data.type === 'message.created' && delivered.data.message.createdAt).toBeInstanceOf(Date)

    for (const subscription of [inbox, thread, events]) subscription.unsubscribe()
  })

  it('the customer’s socket never carries an internal note or a note-typing signal', async () => {
    const agent = agentClient()
    const customer = await customerClient('Dora')
    const { conversation } = await customer.trpc.customer.startConversation.mutate({
      clientId: clientId(),
      body: 'Hello?',
    })
    const conversationId = conversation.id
    await agent.trpc.conversation.assignToMe.mutate({ conversationId })
    const { lastEventId } = await customer.trpc.customer.conversation.query({ id: conversationId })
    const events = await record<CustomerEvent>((handlers) =>
      customer.trpc.customer.onEvents.subscribe({ lastEventId }, handlers),
    )
    const typing = await record<{ conversationId: string; name: string }>((handlers) =>
      customer.trpc.customer.onTyping.subscribe({ conversationId }, handlers),
    )
    const note = 'SECRET-NOTE-7f3a: customer asked for a refund twice'

    // Typing is never stored, so keep signalling until the customer's typing stream is surely listening;
    // the round after that is one the stream certainly heard in full.
    for (let round = 0; typing.items.length === 0 && round < 40; round += 1) {
      await agent.trpc.conversation.typing.mutate({ conversationId, visibility: 'internal' })
      await agent.trpc.conversation.typing.mutate({ conversationId, visibility: 'public' })
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    const heard = typing.items.length
    await agent.trpc.conversation.typing.mutate({ conversationId, visibility: 'internal' })
    await agent.trpc.conversation.note.mutate({ conversationId, clientId: clientId(), body: note })
    await agent.trpc.conversation.assign.mutate({ conversationId, agentId: null })
    await agent.trpc.conversation.typing.mutate({ conversationId, visibility: 'public' })
    await agent.trpc.conversation.assignToMe.mutate({ conversationId })
    await agent.trpc.conversation.reply.mutate({ conversationId, clientId: clientId(), body: 'MARKER' })

    await events.waitFor((e) => e.type === 'message.created' && e.message.body === 'MARKER')
    await typing.until(() => typing.items.length > heard)

    const frames = customer.wire.frames.join('\n')
    expect(customer.wire.frames.length).toBeGreaterThan(0)
    expect(frames).not.toContain('SECRET-NOTE-7f3a')
    expect(frames).not.toContain('refund')
    expect(frames).not.toContain('"internal"')
    expect(frames).not.toContain('unassigned')
    // Every typing signal the customer got was a reply being typed: one per public signal sent.
    expect(typing.data.every((t) => t.conversationId === conversationId && t.name === 'Admin')).toBe(true)
    expect(typing.items.length).toBe(heard + 1)

    // The agent's own socket does carry the note: the test would notice if nothing was sent at all.
    const agentThread = await agent.trpc.conversation.get.query({ id: conversationId })
    expect(agentThread.messages.map((m) => m.body)).toContain(note)
    events.unsubscribe()
    typing.unsubscribe()
  })
})

describe('reconnecting', () => {
  it('a customer whose connection drops receives every missed message exactly once, in order', async () => {
    const agent = agentClient()
    const customer = await customerClient('Emil')
    const { conversation } = await customer.trpc.customer.startConversation.mutate({
      clientId: clientId(),
      body: 'Are you there?',
    })
    const conversationId = conversation.id
    await agent.trpc.conversation.assignToMe.mutate({ conversationId })
    const { lastEventId } = await customer.trpc.customer.conversation.query({ id: conversationId })
    const events = await record<CustomerEvent>((handlers) =>
      customer.trpc.customer.onEvents.subscribe({ lastEventId }, handlers),
    )
    await agent.trpc.conversation.reply.mutate({ conversationId, clientId: clientId(), body: 'before' })
    await events.waitFor((e) => e.type === 'message.created' && e.message.body === 'before')

    // The connection drops and cannot come back until the gate opens again.
    customer.wire.gate.close()
    const socket = customer.wire.sockets.at(-1)!
    const closed = new Promise((resolve) => socket.once('close', resolve))
    socket.terminate()
    await closed

    const missed = ['missed 1', 'missed 2', 'missed 3', 'missed 4', 'missed 5']
    for (const [index, body] of missed.entries()) {
      await agent.trpc.conversation.reply.mutate({ conversationId, clientId: clientId(), body })
      if (index === 2) {
        await agent.trpc.conversation.note.mutate({
          conversationId,
          clientId: clientId(),
          body: 'SECRET while away',
        })
      }
    }
    const socketsBefore = customer.wire.sockets.length
    customer.wire.gate.open()

    await events.waitFor((e) => e.type === 'message.created' && e.message.body === 'missed 5', 5_000)
    expect(customer.wire.sockets.length).toBe(socketsBefore + 1)
    // Something live after the catch-up proves the stream goes on and nothing is delivered twice.
    await agent.trpc.conversation.reply.mutate({ conversationId, clientId: clientId(), body: 'after' })
    await events.waitFor((e) => e.type === 'message.created' && e.message.body === 'after')

    const bodies = events.data.flatMap((e) => (e.type === 'message.created' ? [e.message.body] : []))
    expect(bodies).toEqual(['before', ...missed, 'after'])
    const ids = events.data.flatMap((e) => (e.type === 'message.created' ? [e.message.id] : []))
    expect(new Set(ids).size).toBe(ids.length)
    expect(JSON.stringify(events.data)).not.toContain('SECRET')
    events.unsubscribe()
  })

  it('an agent whose connection drops catches up on the thread without duplicates', async () => {
    const agent = agentClient()
    const customer = await customerClient('Fritz')
    const { conversation } = await customer.trpc.customer.startConversation.mutate({
      clientId: clientId(),
      body: 'first',
    })
    const conversationId = conversation.id
    const opened = await agent.trpc.conversation.get.query({ id: conversationId })
    const thread = await record<InboxEvent>((handlers) =>
      agent.trpc.conversation.onThread.subscribe(
        { conversationId, lastEventId: opened.lastEventId },
        handlers,
      ),
    )
    await customer.trpc.customer.send.mutate({ conversationId, clientId: clientId(), body: 'second' })
    await thread.waitFor((e) => e.type === 'message.created' && e.message.body === 'second')

    agent.wire.gate.close()
    const socket = agent.wire.sockets.at(-1)!
    const closed = new Promise((resolve) => socket.once('close', resolve))
    socket.terminate()
    await closed
    for (const body of ['third', 'fourth', 'fifth']) {
      await customer.trpc.customer.send.mutate({ conversationId, clientId: clientId(), body })
    }
    agent.wire.gate.open()

    await thread.waitFor((e) => e.type === 'message.created' && e.message.body === 'fifth', 5_000)
    await customer.trpc.customer.send.mutate({ conversationId, clientId: clientId(), body: 'sixth' })
    await thread.waitFor((e) => e.type === 'message.created' && e.message.body === 'sixth')
    const bodies = thread.data.flatMap((e) => (e.type === 'message.created' ? [e.message.body] : []))
    expect(bodies).toEqual(['second', 'third', 'fourth', 'fifth', 'sixth'])
    thread.unsubscribe()
  })
})

describe('who may open a WebSocket', () => {
  /** Opens a bare socket and reports how the upgrade went. */
  function upgrade(headers: Record<string, string>): Promise<{ opened: boolean; status: number | null }> {
    return new Promise((resolve) => {
      const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/trpc`, { headers })
      socket.once('open', () => {
        socket.close()
        resolve({ opened: true, status: null })
      })
      socket.once('unexpected-response', (_request, response) => {
        resolve({ opened: false, status: response.statusCode ?? null })
        socket.terminate()
      })
      socket.once('error', () => resolve({ opened: false, status: null }))
    })
  }

  it('a page on another site cannot open a socket in the agent’s name', async () => {
    expect(await upgrade({ origin: 'https://evil.example', cookie })).toEqual({ opened: false, status: 403 })
    expect(await upgrade({ origin: 'null', cookie })).toMatchObject({ opened: false })
    expect(await upgrade({ origin: server.url.replace('127.0.0.1', 'localhost'), cookie })).toMatchObject({
      opened: false,
    })
  })

  it('the app’s own page may open one', async () => {
    expect(await upgrade({ origin: new URL(server.url).origin, cookie })).toEqual({
      opened: true,
      status: null,
    })
  })

  it('a socket opened without credentials cannot subscribe to anything', async () => {
    const anonymous = client({})
    // Refused before it starts: `record` rejects with the server's error.
    const inbox = await record<InboxEvent>((handlers) =>
      anonymous.trpc.conversation.onInbox.subscribe({}, handlers),
    ).catch((error: unknown) => error)
    expect(inbox).toMatchObject({ data: { code: 'UNAUTHORIZED' } })
  })

  it('signing out ends the open inbox stream of that session at once, and no customer message reaches it after', async () => {
    const ownCookie = await signIn(server.url, world.admin.email, world.admin.password)
    const agent = client({ cookie: ownCookie })
    const inbox = await record<InboxEvent>((handlers) =>
      agent.trpc.conversation.onInbox.subscribe({}, handlers),
    )
    await agent.trpc.auth.signOut.mutate()
    await expect(inbox.until(() => false, 2_000)).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } })
    const seen = inbox.items.length
    const customer = await customerClient('After sign-out')
    await customer.trpc.customer.startConversation.mutate({
      clientId: clientId(),
      body: 'secret after sign-out',
    })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(inbox.items.length).toBe(seen)
    const frames = agent.wire.frames.join('\n')
    expect(frames).not.toContain('secret after sign-out')
  })
})
