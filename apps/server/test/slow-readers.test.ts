import { type InboxEvent, presenceKey } from '@parley/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { record, signIn, startTestServer, type TestServer } from './clients.ts'

// A client that stops reading must not make the server buffer for it without bound, and must not lose
// anything for being cut off: it reconnects and resumes from its last event.

/** Small, so the test fills it quickly; the server's default is 4 MB. */
const LIMIT = 64 * 1024
/** A note of about 9 KB: the kernel's socket buffers fill after a few hundred. */
const filler = 'x'.repeat(9_000)

let world: TestServer

beforeAll(async () => {
  world = await startTestServer({ maxBufferedBytes: LIMIT })
})

afterAll(() => world?.close())

describe('a client that stops reading', () => {
  it('is cut off once too much waits for it, then catches up on every event exactly once', async () => {
    const { server, admin } = world
    const reader = world.client({ cookie: await signIn(server.url, admin.email, admin.password) })
    const writer = world.client({ cookie: await signIn(server.url, admin.email, admin.password) })
    const me = await writer.trpc.auth.me.query()
    const { token } = await world.client().trpc.customer.start.mutate({ name: 'Carla' })
    const { conversation } = await world
      .client({ visitorToken: token })
      .trpc.customer.startConversation.mutate({
        clientId: crypto.randomUUID(),
        body: 'Hello',
      })
    const inbox = await record<InboxEvent>((handlers) =>
      reader.trpc.conversation.onInbox.subscribe({ lastEventId: null }, handlers),
    )
    // The reader's open inbox is what makes this agent online: it goes offline when the server cuts it off.
    const readerConnected = () => server.deps.presence.isOnline(presenceKey.agent(me!.id))
    expect(readerConnected()).toBe(true)

    // The reader's tab freezes: it reads nothing, and may not reconnect until the test lets it.
    reader.wire.gate.close()
    reader.wire.sockets.at(-1)!.pause()
    const notes: string[] = []
    while (readerConnected() && notes.length < 5_000) {
      const body = `note ${notes.length} ${filler}`
      await writer.trpc.conversation.note.mutate({
        conversationId: conversation.id,
        clientId: crypto.randomUUID(),
        body,
      })
      notes.push(body)
    }
    expect(readerConnected()).toBe(false)
    // More happens while it is away.
    for (const body of ['while away 1', 'while away 2']) {
      await writer.trpc.conversation.note.mutate({
        conversationId: conversation.id,
        clientId: crypto.randomUUID(),
        body,
      })
      notes.push(body)
    }

    reader.wire.sockets.at(-1)!.resume()
    reader.wire.gate.open()
    await inbox.waitFor((e) => e.type === 'message.created' && e.message.body === 'while away 2', 20_000)

    expect(reader.wire.sockets.length).toBe(2)
    const bodies = inbox.data.flatMap((e) => (e.type === 'message.created' ? [e.message.body] : []))
    expect(bodies).toEqual(notes)
    inbox.unsubscribe()
  })
})
