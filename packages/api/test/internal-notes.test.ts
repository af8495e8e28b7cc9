import { Conversation } from '@parley/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CustomerEvent } from '../src/index.ts'
import { createHarness, type Harness, type TestAgent } from './harness.ts'

// Rule 1: a customer never learns that a note exists — not in queries, subscriptions, previews,
// unread counts, nor typing indicators sent while composing a note.

let h: Harness
let anna: TestAgent

beforeAll(async () => {
  h = await createHarness()
  anna = await h.admin('Anna')
})
afterAll(() => h.close())

/** A customer conversation Anna has taken, so she can both reply and note. */
async function takenConversation() {
  const customer = await h.customerWithConversation('Where is my parcel?')
  const agent = await h.asAgent(anna)
  await agent.conversation.assignToMe({ conversationId: customer.conversationId })
  return { ...customer, agent }
}

const clientId = () => crypto.randomUUID()

describe('what the customer sees of internal notes', () => {
  it('the thread shows replies but never an internal note', async () => {
    const { caller, conversationId, agent } = await takenConversation()
    await agent.conversation.reply({ conversationId, clientId: clientId(), body: 'It ships today.' })
    await agent.conversation.note({
      conversationId,
      clientId: clientId(),
      body: 'SECRET: customer is on the watch list',
    })

    const { messages } = await caller.customer.conversation({ id: conversationId })
    expect(messages.map((m) => m.body)).toContain('It ships today.')
    expect(messages.every((m) => m.visibility === 'public')).toBe(true)
    expect(JSON.stringify(messages)).not.toContain('SECRET')

    // The agent, by contrast, sees the note in the same thread.
    const thread = await agent.conversation.get({ id: conversationId })
    expect(thread.messages.some((m) => m.visibility === 'internal' && m.body.startsWith('SECRET'))).toBe(true)
  })

  it('a note changes neither the preview, the time nor the unread count of the customer’s conversation list', async () => {
    const { caller, conversationId, agent } = await takenConversation()
    await agent.conversation.reply({ conversationId, clientId: clientId(), body: 'Let me check.' })
    const [before] = await caller.customer.conversations()

    h.clock.advance(60_000)
    await agent.conversation.note({ conversationId, clientId: clientId(), body: 'SECRET second thought' })
    const [after] = await caller.customer.conversations()

    expect(before?.preview).toBe('Let me check.')
    expect(after).toEqual(before)
    expect(JSON.stringify(after)).not.toContain('SECRET')
  })

  it('unread counts the agent’s replies and visible updates, not notes', async () => {
    const { caller, conversationId, agent } = await takenConversation()
    await agent.conversation.note({ conversationId, clientId: clientId(), body: 'note one' })
    await agent.conversation.note({ conversationId, clientId: clientId(), body: 'note two' })
    await agent.conversation.reply({ conversationId, clientId: clientId(), body: 'A reply' })

    const [listed] = await caller.customer.conversations()
    const { conversation } = await caller.customer.conversation({ id: conversationId })
    // "Anna joined" + the reply; the two notes are invisible.
    expect(listed?.unread).toBe(2)
    expect(conversation.unread).toBe(2)

    await caller.customer.markRead({ conversationId })
    await agent.conversation.note({ conversationId, clientId: clientId(), body: 'note three' })
    expect((await caller.customer.conversations())[0]?.unread).toBe(0)
  })

  it('marking read from two tabs at once succeeds in both and changes no state', async () => {
    const { caller, conversationId, agent } = await takenConversation()
    await agent.conversation.reply({ conversationId, clientId: clientId(), body: 'Answer' })
    const version = async () => (await h.em().findOneOrFail(Conversation, { id: conversationId })).version
    const before = await version()
    await Promise.all([1, 2, 3].map(() => caller.customer.markRead({ conversationId })))
    expect((await caller.customer.conversations()).find((c) => c.id === conversationId)?.unread).toBe(0)
    // Not a state change: a send decided a moment ago is still valid.
    expect(await version()).toBe(before)
  })

  it('an agent stepping away (unassigned) is not shown to the customer', async () => {
    const { caller, conversationId, agent } = await takenConversation()
    await agent.conversation.assign({ conversationId, agentId: null })

    const { messages } = await caller.customer.conversation({ id: conversationId })
    expect(messages.map((m) => m.system?.type)).toContain('assigned')
    expect(messages.map((m) => m.system?.type)).not.toContain('unassigned')

    const thread = await agent.conversation.get({ id: conversationId })
    expect(thread.messages.map((m) => m.system?.type)).toContain('unassigned')
  })
})

describe('what the customer’s live stream carries', () => {
  it('live events never carry a note or an unassignment, while replies arrive', async () => {
    const { token, caller, conversationId, agent } = await takenConversation()
    const { lastEventId } = await caller.customer.conversation({ id: conversationId })
    const stream = await h.subscribe<CustomerEvent>({ visitorToken: token }, (c) =>
      c.customer.onEvents({ lastEventId }),
    )

    await agent.conversation.note({ conversationId, clientId: clientId(), body: 'SECRET live note' })
    await agent.conversation.assign({ conversationId, agentId: null })
    await agent.conversation.assignToMe({ conversationId })
    await agent.conversation.reply({ conversationId, clientId: clientId(), body: 'MARKER reply' })

    await stream.waitFor((e) => e.type === 'message.created' && e.message.body === 'MARKER reply')
    const messages = stream.data.flatMap((e) => (e.type === 'message.created' ? [e.message] : []))
    expect(messages.every((m) => m.visibility === 'public')).toBe(true)
    expect(messages.map((m) => m.system?.type ?? m.body)).toEqual(['assigned', 'MARKER reply'])
    expect(JSON.stringify(stream.items)).not.toContain('SECRET')
    await stream.stop()
  })

  it('a client holding a cursor from the future (database reset) still receives new events', async () => {
    const { token, conversationId, agent } = await takenConversation()
    const stream = await h.subscribe<CustomerEvent>({ visitorToken: token }, (c) =>
      c.customer.onEvents({ lastEventId: '999999999' }),
    )

    await agent.conversation.reply({ conversationId, clientId: clientId(), body: 'After the reset' })

    await stream.waitFor((e) => e.type === 'message.created' && e.message.body === 'After the reset')
    await stream.stop()
  })

  it('a customer who reconnects with the last event id is not replayed any note', async () => {
    const { token, caller, conversationId, agent } = await takenConversation()
    const { lastEventId } = await caller.customer.conversation({ id: conversationId })

    // Written while the customer is offline: the replay comes out of the event log.
    await agent.conversation.note({ conversationId, clientId: clientId(), body: 'SECRET offline note' })
    await agent.conversation.assign({ conversationId, agentId: null })
    await agent.conversation.assignToMe({ conversationId })
    await agent.conversation.reply({ conversationId, clientId: clientId(), body: 'MARKER offline reply' })

    const stream = await h.subscribe<CustomerEvent>({ visitorToken: token }, (c) =>
      c.customer.onEvents({ lastEventId }),
    )
    await stream.waitFor((e) => e.type === 'message.created' && e.message.body === 'MARKER offline reply')
    const messages = stream.data.flatMap((e) => (e.type === 'message.created' ? [e.message] : []))
    expect(messages.map((m) => m.system?.type ?? m.body)).toEqual(['assigned', 'MARKER offline reply'])
    expect(JSON.stringify(stream.items)).not.toContain('SECRET')
    expect(JSON.stringify(stream.items)).not.toContain('unassigned')
    await stream.stop()
  })

  it('a conversation update sent to the customer never includes the note as preview', async () => {
    const { token, caller, conversationId, agent } = await takenConversation()
    const { lastEventId } = await caller.customer.conversation({ id: conversationId })
    const stream = await h.subscribe<CustomerEvent>({ visitorToken: token }, (c) =>
      c.customer.onEvents({ lastEventId }),
    )
    await agent.conversation.reply({ conversationId, clientId: clientId(), body: 'Visible answer' })
    await agent.conversation.note({ conversationId, clientId: clientId(), body: 'SECRET note before close' })
    await agent.conversation.close({ conversationId })

    const update = await stream.waitFor((e) => e.type === 'conversation.updated')
    expect(update.data.type === 'conversation.updated' && update.data.conversation.preview).toBe(
      'Visible answer',
    )
    expect(JSON.stringify(stream.items)).not.toContain('SECRET')
    await stream.stop()
  })
})

describe('typing indicators', () => {
  it('the customer sees an agent typing a reply but never one writing a note', async () => {
    const { token, conversationId, agent } = await takenConversation()
    const stream = await h.subscribe<{ conversationId: string; name: string }>(
      { visitorToken: token },
      (c) => c.customer.onTyping({ conversationId }),
      { listensOn: `typing:${conversationId}` },
    )

    await agent.conversation.typing({ conversationId, visibility: 'internal' })
    await agent.conversation.typing({ conversationId, visibility: 'internal' })
    await agent.conversation.typing({ conversationId, visibility: 'public' })
    await agent.conversation.typing({ conversationId, visibility: 'internal' })
    // A colleague's reply-typing last: one conversation's signals arrive in order, so once it is here
    // every signal before it has been decided on (a leaked note would look just like Anna's reply).
    const colleague = await h.asAgent(await h.supportAgent('Ben'))
    await colleague.conversation.typing({ conversationId, visibility: 'public' })

    await stream.waitFor((event) => event.name === 'Ben')
    expect(stream.data).toEqual([
      { conversationId, name: 'Anna' },
      { conversationId, name: 'Ben' },
    ])
    expect(JSON.stringify(stream.items)).not.toContain('internal')
    await stream.stop()
  })

  it('agents do see a colleague typing a note', async () => {
    const { conversationId, agent } = await takenConversation()
    const colleague = await h.supportAgent('Ben')
    const stream = await h.subscribe<{ name: string; visibility: string }>(
      await h.sessionOf(colleague),
      (c) => c.conversation.onTyping({ conversationId }),
      { listensOn: `typing:${conversationId}` },
    )
    await agent.conversation.typing({ conversationId, visibility: 'internal' })
    const seen = await stream.waitFor(() => true)
    expect(seen.data).toMatchObject({ name: 'Anna', visibility: 'internal' })
    await stream.stop()
  })
})
