import type { CustomerEvent, InboxEvent } from '@parley/api'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig, type RunningServer, startServer } from '../src/index.ts'
import { type Client, createClient, freshStorage, record, signIn } from './clients.ts'

// A deploy restarts the server under open tabs: their connections come back by themselves and pick up
// where they left off, with nothing lost and nothing twice.

const admin = { email: 'anna@example.com', password: 'correct horse battery' }
const storage = await freshStorage()
const clients: Client[] = []
let server: RunningServer | undefined

const start = (port: string) =>
  startServer(
    loadConfig({
      PORT: port,
      INBOUND_SMTP_PORT: '0',
      ...storage.env,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
    }),
  )

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()))
  await server?.close()
  await storage.remove()
})

const clientId = () => crypto.randomUUID()

describe('a server restart', () => {
  it('open inboxes and chats reconnect by themselves and receive what comes after, exactly once', async () => {
    server = await start('0')
    const url = server.url
    const port = new URL(url).port
    const open = (credentials: { cookie?: string; visitorToken?: string }) => {
      const client = createClient(url, credentials)
      clients.push(client)
      return client
    }
    const agent = open({ cookie: await signIn(url, admin.email, admin.password) })
    const { token } = await open({}).trpc.customer.start.mutate({ name: 'Rita' })
    const customer = open({ visitorToken: token })
    const { conversation } = await customer.trpc.customer.startConversation.mutate({
      clientId: clientId(),
      body: 'before the restart',
    })
    const conversationId = conversation.id
    await agent.trpc.conversation.assignToMe.mutate({ conversationId })
    const inbox = await record<InboxEvent>((handlers) =>
      agent.trpc.conversation.onInbox.subscribe({ lastEventId: null }, handlers),
    )
    const { lastEventId } = await customer.trpc.customer.conversation.query({ id: conversationId })
    const chat = await record<CustomerEvent>((handlers) =>
      customer.trpc.customer.onEvents.subscribe({ lastEventId }, handlers),
    )
    await agent.trpc.conversation.reply.mutate({ conversationId, clientId: clientId(), body: 'reply 1' })
    await chat.waitFor((e) => e.type === 'message.created' && e.message.body === 'reply 1')
    await inbox.waitFor((e) => e.type === 'message.created' && e.message.body === 'reply 1')

    // Reconnect attempts wait until the new server listens (a slower start, on PostgreSQL, would
    // otherwise show up as failed attempts in the socket count below).
    for (const client of [agent, customer]) client.wire.gate.close()
    await server.close()
    server = await start(port)
    for (const client of [agent, customer]) client.wire.gate.open()

    // The session cookie and the visitor token are still good: both live in the database.
    await customer.trpc.customer.send.mutate({
      conversationId,
      clientId: clientId(),
      body: 'after, from Rita',
    })
    await agent.trpc.conversation.reply.mutate({ conversationId, clientId: clientId(), body: 'reply 2' })
    await inbox.waitFor((e) => e.type === 'message.created' && e.message.body === 'reply 2', 10_000)
    await chat.waitFor((e) => e.type === 'message.created' && e.message.body === 'reply 2', 10_000)

    const bodies = (events: Array<InboxEvent | CustomerEvent>) =>
      events.flatMap((e) => (e.type === 'message.created' ? [e.message.body] : []))
    expect(bodies(inbox.data)).toEqual(['reply 1', 'after, from Rita', 'reply 2'])
    expect(bodies(chat.data)).toEqual(['reply 1', 'after, from Rita', 'reply 2'])
    expect(agent.wire.sockets.length).toBe(2)
    expect(customer.wire.sockets.length).toBe(2)
  })
})
