import { Message } from '@parley/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboxEvent } from '../src/index.ts'
import { createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// Rule 2 (who may reply), rule 3 (who may note) and rule 9 (who sees what), called directly.

let h: Harness
let anna: TestAgent
let ben: TestAgent
let paul: TestAgent

beforeAll(async () => {
  h = await createHarness()
  anna = await h.admin('Anna')
  ben = await h.supportAgent('Ben')
  paul = await h.plainAgent('Paul')
})
afterAll(() => h.close())

const clientId = () => crypto.randomUUID()
const messagesIn = (conversationId: string) => h.count(Message, { conversation: conversationId })

describe('replying to a customer', () => {
  it('an agent must assign the conversation to themselves before replying', async () => {
    const { conversationId } = await h.customerWithConversation()
    const agent = await h.asAgent(anna)
    expect((await agent.conversation.get({ id: conversationId })).conversation.replyRefusal).toBe(
      'NOT_ASSIGNED',
    )
    const before = await h.rowCounts()

    const refusal = await refusalOf(
      agent.conversation.reply({ conversationId, clientId: clientId(), body: 'Hi there' }),
    )

    expect(refusal).toMatchObject({ code: 'FORBIDDEN', domainCode: 'NOT_ASSIGNED' })
    expect(refusal.message).toMatch(/assign/i)
    expect(await h.rowCounts()).toEqual(before)
  })

  it("pushes each agent's own verdict with every update, so no thread needs refetching", async () => {
    const { conversationId } = await h.customerWithConversation()
    const { lastEventId } = await (await h.asAgent(ben)).conversation.get({ id: conversationId })
    const threads = await Promise.all(
      [anna, ben].map(async (agent) =>
        h.subscribe<InboxEvent>(await h.sessionOf(agent), (c) =>
          c.conversation.onThread({ conversationId, lastEventId }),
        ),
      ),
    )
    await h.untilFollowed({ kind: 'conversation', conversationId }, 2)
    await (await h.asAgent(ben)).conversation.assignToMe({ conversationId })
    const verdicts = await Promise.all(
      threads.map(async (thread) => {
        const { data } = await thread.waitFor((event) => event.type === 'conversation.updated')
        return data.type === 'conversation.updated' ? data.conversation.replyRefusal : 'none'
      }),
    )
    // Anna sees it taken by Ben; Ben may reply now.
    expect(verdicts).toEqual(['NOT_ASSIGNED', null])
    for (const thread of threads) await thread.stop()
  })

  it('after "Assign to me" the reply goes through and reaches the customer', async () => {
    const { caller, conversationId } = await h.customerWithConversation()
    const agent = await h.asAgent(anna)
    await agent.conversation.assignToMe({ conversationId })
    expect((await agent.conversation.get({ id: conversationId })).conversation.replyRefusal).toBeNull()

    const reply = await agent.conversation.reply({ conversationId, clientId: clientId(), body: 'Hi there' })

    expect(reply).toMatchObject({ visibility: 'public', authorKind: 'agent', author: { name: 'Anna' } })
    const { messages } = await caller.customer.conversation({ id: conversationId })
    expect(messages.at(-1)).toMatchObject({ id: reply.id, body: 'Hi there' })
  })

  it('only the assigned agent may reply, not a colleague who can see the conversation', async () => {
    const { conversationId } = await h.customerWithConversation()
    const admin = await h.asAgent(anna)
    await admin.conversation.assign({ conversationId, agentId: ben.id })
    const count = await messagesIn(conversationId)

    const refusal = await refusalOf(
      admin.conversation.reply({ conversationId, clientId: clientId(), body: 'Jumping in' }),
    )

    expect(refusal).toMatchObject({ code: 'FORBIDDEN', domainCode: 'NOT_ASSIGNED' })
    expect(await messagesIn(conversationId)).toBe(count)
    const assigned = await h.asAgent(ben)
    await expect(
      assigned.conversation.reply({ conversationId, clientId: clientId(), body: 'Ben here' }),
    ).resolves.toMatchObject({ body: 'Ben here' })
  })

  it('an agent who was unassigned can no longer reply', async () => {
    const { conversationId } = await h.customerWithConversation()
    const agent = await h.asAgent(ben)
    await agent.conversation.assignToMe({ conversationId })
    await agent.conversation.assign({ conversationId, agentId: null })

    const refusal = await refusalOf(
      agent.conversation.reply({ conversationId, clientId: clientId(), body: 'Still here?' }),
    )
    expect(refusal.domainCode).toBe('NOT_ASSIGNED')
  })

  it('a reply to a closed ticket is refused until an agent reopens it', async () => {
    const { conversationId } = await h.customerWithConversation()
    const agent = await h.asAgent(anna)
    await agent.conversation.assignToMe({ conversationId })
    await agent.conversation.createTicket({
      conversationId,
      title: 'Refund',
      type: 'ticket',
      priority: 'normal',
    })
    await agent.conversation.close({ conversationId })
    const count = await messagesIn(conversationId)
    // The thread tells the composer why, with the code the send would be refused with.
    expect((await agent.conversation.get({ id: conversationId })).conversation.replyRefusal).toBe(
      'TICKET_CLOSED',
    )

    const refusal = await refusalOf(
      agent.conversation.reply({ conversationId, clientId: clientId(), body: 'One more thing' }),
    )
    expect(refusal).toMatchObject({ code: 'CONFLICT', domainCode: 'TICKET_CLOSED' })
    expect(await messagesIn(conversationId)).toBe(count)

    await agent.conversation.reopen({ conversationId })
    await expect(
      agent.conversation.reply({ conversationId, clientId: clientId(), body: 'One more thing' }),
    ).resolves.toMatchObject({ body: 'One more thing' })
  })
})

describe('internal notes', () => {
  it('any agent who can see the conversation may add a note without being assigned', async () => {
    const { conversationId } = await h.customerWithConversation()
    const admin = await h.asAgent(anna)
    await admin.conversation.assign({ conversationId, agentId: ben.id })

    const note = await admin.conversation.note({ conversationId, clientId: clientId(), body: 'FYI: VIP' })

    expect(note).toMatchObject({ visibility: 'internal', body: 'FYI: VIP', author: { name: 'Anna' } })
    const thread = await (await h.asAgent(ben)).conversation.get({ id: conversationId })
    expect(thread.messages.map((m) => m.id)).toContain(note.id)
  })

  it('a support agent may note an unassigned conversation', async () => {
    const { conversationId } = await h.customerWithConversation()
    const agent = await h.asAgent(ben)
    await expect(
      agent.conversation.note({ conversationId, clientId: clientId(), body: 'Looks like spam' }),
    ).resolves.toMatchObject({ visibility: 'internal' })
  })

  it('notes are still possible on a closed ticket', async () => {
    const { conversationId } = await h.customerWithConversation()
    const agent = await h.asAgent(anna)
    await agent.conversation.createTicket({ conversationId, title: 'Done', type: 'task', priority: 'low' })
    await agent.conversation.close({ conversationId })
    await expect(
      agent.conversation.note({ conversationId, clientId: clientId(), body: 'Closed as duplicate' }),
    ).resolves.toMatchObject({ visibility: 'internal' })
  })
})

describe('agents without the support flag', () => {
  it('cannot open, note, take or subscribe to a customer conversation they are not part of', async () => {
    const { conversationId } = await h.customerWithConversation()
    const agent = await h.asAgent(paul)
    const before = await h.rowCounts()

    // Called one at a time: a refusal must not sit unawaited while an earlier attempt runs.
    const attempts = [
      () => agent.conversation.get({ id: conversationId }),
      () => agent.conversation.note({ conversationId, clientId: clientId(), body: 'peek' }),
      () => agent.conversation.reply({ conversationId, clientId: clientId(), body: 'peek' }),
      () => agent.conversation.assignToMe({ conversationId }),
      () => agent.conversation.assign({ conversationId, agentId: paul.id }),
      () => agent.conversation.close({ conversationId }),
      () =>
        agent.conversation.createTicket({
          conversationId,
          title: 'Mine now',
          type: 'ticket',
          priority: 'low',
        }),
      () => agent.conversation.markRead({ conversationId }),
      () => agent.conversation.typing({ conversationId, visibility: 'public' }),
    ]
    for (const attempt of attempts) {
      expect(await refusalOf(attempt)).toMatchObject({
        code: 'NOT_FOUND',
        message: 'Conversation not found.',
      })
    }
    const thread = await h.subscribe(await h.sessionOf(paul), (c) =>
      c.conversation.onThread({ conversationId }),
    )
    await expect(thread.waitFor(() => true)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const typing = await h.subscribe(await h.sessionOf(paul), (c) =>
      c.conversation.onTyping({ conversationId }),
    )
    await expect(typing.waitFor(() => true)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(await h.rowCounts()).toEqual(before)
  })

  it('can open, note and reply once the conversation is assigned to them', async () => {
    const { conversationId } = await h.customerWithConversation()
    await (await h.asAgent(anna)).conversation.assign({ conversationId, agentId: paul.id })
    const agent = await h.asAgent(paul)

    const thread = await agent.conversation.get({ id: conversationId })
    expect(thread).toMatchObject({ conversation: { replyRefusal: null, assignee: { id: paul.id } } })
    await expect(
      agent.conversation.note({ conversationId, clientId: clientId(), body: 'On it' }),
    ).resolves.toMatchObject({ visibility: 'internal' })
    await expect(
      agent.conversation.reply({ conversationId, clientId: clientId(), body: 'Hello!' }),
    ).resolves.toMatchObject({ visibility: 'public' })
  })

  it('do not see "From customers", only their own conversations', async () => {
    const { conversationId } = await h.customerWithConversation('Only for support')
    const plain = await h.asAgent(paul)
    const support = await h.asAgent(ben)

    expect(await plain.conversation.list({ section: 'customers', status: 'open' })).toEqual([])
    expect(
      (await support.conversation.list({ section: 'customers', status: 'open' })).map((c) => c.id),
    ).toContain(conversationId)
    const mine = await plain.conversation.list({ section: 'mine', status: 'open' })
    expect(mine.map((c) => c.id)).not.toContain(conversationId)

    await (await h.asAgent(anna)).conversation.assign({ conversationId, agentId: paul.id })
    const mineNow = await plain.conversation.list({ section: 'mine', status: 'open' })
    expect(mineNow.map((c) => c.id)).toContain(conversationId)
  })

  it('receive no live events of customer conversations that are not theirs', async () => {
    const plainStream = await h.subscribe<InboxEvent>(await h.sessionOf(paul), (c) =>
      c.conversation.onInbox({}),
    )
    const supportStream = await h.subscribe<InboxEvent>(await h.sessionOf(ben), (c) =>
      c.conversation.onInbox({}),
    )
    await h.untilFollowed({ kind: 'all' }, 2)
    const { conversationId } = await h.customerWithConversation('A fresh question')
    await (await h.asAgent(ben)).conversation.note({ conversationId, clientId: clientId(), body: 'MARKER' })

    await supportStream.waitFor((e) => e.type === 'message.created' && e.message.body === 'MARKER')
    // Paul's inbox is fed only what he may see: give it the same chance, then check.
    const { conversationId: own } = await h.customerWithConversation('For Paul')
    await (await h.asAgent(anna)).conversation.assign({ conversationId: own, agentId: paul.id })
    await plainStream.waitFor((e) => e.type === 'conversation.updated' && e.conversation.id === own)
    expect(JSON.stringify(plainStream.items)).not.toContain(conversationId)
    await plainStream.stop()
    await supportStream.stop()
  })
})

describe('the first admin', () => {
  it('is created by the setup page with the support flag, so they see "From customers"', async () => {
    const fresh = await createHarness()
    try {
      fresh.deps.settings.setupToken = 'setup-token-123'
      const anonymous = fresh.anonymous()
      expect(await anonymous.auth.setupNeeded()).toBe(true)
      expect(
        await refusalOf(
          anonymous.auth.setup({
            token: 'wrong',
            name: 'Ada',
            email: 'ada@example.com',
            password: 'long enough',
          }),
        ),
      ).toMatchObject({ code: 'FORBIDDEN' })

      const admin = await anonymous.auth.setup({
        token: 'setup-token-123',
        name: 'Ada',
        email: 'Ada@Example.com',
        password: 'long enough',
      })
      expect(admin).toMatchObject({ role: 'admin', support: true, email: 'ada@example.com' })
      expect(
        await refusalOf(
          anonymous.auth.setup({
            token: 'setup-token-123',
            name: 'Eve',
            email: 'eve@example.com',
            password: 'long enough',
          }),
        ),
      ).toMatchObject({ code: 'CONFLICT' })
    } finally {
      await fresh.close()
    }
  })
})

describe('the unread count in an agent’s inbox', () => {
  it('counts what others wrote since the agent last opened the conversation, not their own messages', async () => {
    const { caller, conversationId } = await h.customerWithConversation('First question')
    const agent = await h.asAgent(anna)
    const unreadFor = async (caller: typeof agent) =>
      (await caller.conversation.list({ section: 'customers', status: 'open' })).find(
        (c) => c.id === conversationId,
      )?.unread

    expect(await unreadFor(agent)).toBe(1)
    await agent.conversation.markRead({ conversationId })
    h.clock.advance(1_000)
    expect(await unreadFor(agent)).toBe(0)

    await agent.conversation.note({ conversationId, clientId: clientId(), body: 'my own note' })
    await caller.customer.send({ conversationId, clientId: clientId(), body: 'Second question' })
    await caller.customer.send({ conversationId, clientId: clientId(), body: 'Third question' })
    expect(await unreadFor(agent)).toBe(2)
    // Another agent has read nothing yet: every message counts for them, Anna's note included.
    expect(await unreadFor(await h.asAgent(ben))).toBe(4)
  })
})

describe('the "From customers" tab', () => {
  it('is offered to admins and support agents, and not to an agent without the support flag', async () => {
    expect((await (await h.asAgent(anna)).auth.me())?.seesCustomerInbox).toBe(true)
    expect((await (await h.asAgent(ben)).auth.me())?.seesCustomerInbox).toBe(true)
    expect((await (await h.asAgent(paul)).auth.me())?.seesCustomerInbox).toBe(false)
  })
})
