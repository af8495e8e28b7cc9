import { Conversation, Message } from '@parley/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CustomerEvent } from '../src/index.ts'
import { createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// Rule 4 (closed tickets are final for customers, closed chats reopen), rule 14 (customers see updates
// as system messages) and tickets.

let h: Harness
let anna: TestAgent
let ben: TestAgent

beforeAll(async () => {
  h = await createHarness()
  anna = await h.admin('Anna')
  ben = await h.supportAgent('Ben')
})
afterAll(() => h.close())

const clientId = () => crypto.randomUUID()

describe('closing and reopening', () => {
  it('a customer cannot write into a closed ticket and is told so; nothing is stored', async () => {
    const { caller, conversationId } = await h.customerWithConversation('My invoice is wrong')
    const agent = await h.asAgent(anna)
    await agent.conversation.createTicket({
      conversationId,
      title: 'Invoice',
      type: 'ticket',
      priority: 'high',
    })
    await agent.conversation.close({ conversationId })
    const before = await h.rowCounts()

    const refusal = await refusalOf(
      caller.customer.send({ conversationId, clientId: clientId(), body: 'Hello? Anyone?' }),
    )

    expect(refusal).toMatchObject({ code: 'CONFLICT', domainCode: 'TICKET_CLOSED' })
    expect(refusal.message).toMatch(/new conversation/i)
    expect(await h.rowCounts()).toEqual(before)
    const [listed] = await caller.customer.conversations()
    expect(listed).toMatchObject({ id: conversationId, status: 'closed', isTicket: true, canPost: false })
  })

  it('the customer can start a new conversation after their ticket was closed', async () => {
    const { caller, conversationId } = await h.customerWithConversation('First problem')
    const agent = await h.asAgent(anna)
    await agent.conversation.createTicket({ conversationId, title: 'First', type: 'ticket', priority: 'low' })
    await agent.conversation.close({ conversationId })

    const { conversation } = await caller.customer.startConversation({
      clientId: clientId(),
      body: 'Second problem',
    })

    expect(conversation).toMatchObject({ status: 'open', canPost: true, isTicket: false })
    expect(conversation.id).not.toBe(conversationId)
  })

  it('a closed plain chat is reopened by the customer’s next message', async () => {
    const { caller, conversationId } = await h.customerWithConversation('Quick question')
    const agent = await h.asAgent(anna)
    await agent.conversation.close({ conversationId })
    expect((await caller.customer.conversations())[0]).toMatchObject({ status: 'closed', canPost: true })

    const message = await caller.customer.send({ conversationId, clientId: clientId(), body: 'One more' })

    const thread = await agent.conversation.get({ id: conversationId })
    expect(thread.conversation.status).toBe('open')
    const { messages, conversation } = await caller.customer.conversation({ id: conversationId })
    expect(conversation.status).toBe('open')
    expect(messages.map((m) => m.system?.type ?? m.body)).toEqual([
      'Quick question',
      'closed',
      'reopened',
      'One more',
    ])
    expect(messages.at(-1)?.id).toBe(message.id)
  })

  it('an agent can reopen a closed ticket, and the customer may write again', async () => {
    const { caller, conversationId } = await h.customerWithConversation('Broken again')
    const agent = await h.asAgent(anna)
    await agent.conversation.createTicket({
      conversationId,
      title: 'Broken',
      type: 'ticket',
      priority: 'urgent',
    })
    await agent.conversation.close({ conversationId })

    const reopened = await agent.conversation.reopen({ conversationId })

    expect(reopened.status).toBe('open')
    await expect(
      caller.customer.send({ conversationId, clientId: clientId(), body: 'Thanks' }),
    ).resolves.toMatchObject({ body: 'Thanks' })
  })

  it('closing a closed conversation or reopening an open one is refused', async () => {
    const { conversationId } = await h.customerWithConversation()
    const agent = await h.asAgent(anna)
    expect(await refusalOf(agent.conversation.reopen({ conversationId }))).toMatchObject({
      code: 'CONFLICT',
      domainCode: 'ALREADY_IN_STATE',
    })
    await agent.conversation.close({ conversationId })
    const before = await h.rowCounts()
    expect(await refusalOf(agent.conversation.close({ conversationId }))).toMatchObject({
      domainCode: 'ALREADY_IN_STATE',
    })
    expect(await h.rowCounts()).toEqual(before)
  })
})

describe('the order of a thread', () => {
  it('stays the order things happened in, even when they happen within the same millisecond', async () => {
    const fresh = await createHarness()
    try {
      const instant = fresh.clock.now
      fresh.deps.now = () => instant
      const admin = await fresh.asAgent(await fresh.admin('Anna'))
      for (let round = 0; round < 5; round += 1) {
        const { caller, conversationId } = await fresh.customerWithConversation('first')
        await admin.conversation.close({ conversationId })
        await caller.customer.send({ conversationId, clientId: clientId(), body: 'second' })
        await admin.conversation.assignToMe({ conversationId })
        for (const body of ['third', 'fourth', 'fifth']) {
          await admin.conversation.reply({ conversationId, clientId: clientId(), body })
        }

        const expected = ['first', 'closed', 'reopened', 'second', 'assigned', 'third', 'fourth', 'fifth']
        const { messages } = await caller.customer.conversation({ id: conversationId })
        expect(messages.map((m) => m.system?.type ?? m.body)).toEqual(expected)
        const thread = await admin.conversation.get({ id: conversationId })
        expect(thread.messages.map((m) => m.system?.type ?? m.body)).toEqual(expected)
      }
    } finally {
      await fresh.close()
    }
  })
})

describe('what the customer sees of changes (system messages)', () => {
  it('assignment shows "Anna joined" in the customer’s thread and live', async () => {
    const { token, caller, conversationId } = await h.customerWithConversation()
    const { lastEventId } = await caller.customer.conversation({ id: conversationId })
    const stream = await h.subscribe<CustomerEvent>({ visitorToken: token }, (c) =>
      c.customer.onEvents({ lastEventId }),
    )

    const dto = await (await h.asAgent(anna)).conversation.assignToMe({ conversationId })

    expect(dto.assignee).toEqual({ id: anna.id, name: 'Anna' })
    const live = await stream.waitFor((e) => e.type === 'message.created' && e.message.kind === 'system')
    expect(live.data).toMatchObject({
      type: 'message.created',
      message: { visibility: 'public', system: { type: 'assigned', agentName: 'Anna' } },
    })
    const update = await stream.waitFor((e) => e.type === 'conversation.updated')
    expect(update.data).toMatchObject({ conversation: { id: conversationId, assignee: { name: 'Anna' } } })

    const { messages, conversation } = await caller.customer.conversation({ id: conversationId })
    expect(messages.at(-1)).toMatchObject({ kind: 'system', system: { type: 'assigned', agentName: 'Anna' } })
    expect(conversation.assignee).toEqual({ name: 'Anna' })
    await stream.stop()
  })

  it('handing over to a colleague tells the customer who joined', async () => {
    const { caller, conversationId } = await h.customerWithConversation()
    const agent = await h.asAgent(anna)
    await agent.conversation.assignToMe({ conversationId })
    await agent.conversation.assign({ conversationId, agentId: ben.id })

    const { messages } = await caller.customer.conversation({ id: conversationId })
    expect(messages.filter((m) => m.kind === 'system').map((m) => m.system)).toEqual([
      { type: 'assigned', agentName: 'Anna' },
      { type: 'assigned', agentName: 'Ben' },
    ])
  })

  it('closing, reopening and turning into a ticket appear in the customer’s thread', async () => {
    const { caller, conversationId } = await h.customerWithConversation()
    const agent = await h.asAgent(anna)
    await agent.conversation.createTicket({
      conversationId,
      title: 'Follow-up',
      type: 'ticket',
      priority: 'low',
    })
    await agent.conversation.close({ conversationId })
    await agent.conversation.reopen({ conversationId })

    const { messages } = await caller.customer.conversation({ id: conversationId })
    expect(messages.filter((m) => m.kind === 'system').map((m) => m.system?.type)).toEqual([
      'ticket_created',
      'closed',
      'reopened',
    ])
  })

  it('assigning to the agent who already has it is refused and posts nothing', async () => {
    const { conversationId } = await h.customerWithConversation()
    const agent = await h.asAgent(anna)
    await agent.conversation.assignToMe({ conversationId })
    const before = await h.rowCounts()
    expect(await refusalOf(agent.conversation.assignToMe({ conversationId }))).toMatchObject({
      code: 'CONFLICT',
      domainCode: 'ALREADY_IN_STATE',
    })
    expect(await h.rowCounts()).toEqual(before)
  })
})

describe('tickets', () => {
  it('tickets are numbered 1, 2, … and a conversation becomes a ticket only once', async () => {
    const fresh = await createHarness()
    try {
      const admin = await fresh.asAgent(await fresh.admin('Anna'))
      const first = await fresh.customerWithConversation('one')
      const second = await fresh.customerWithConversation('two')

      const one = await admin.conversation.createTicket({
        conversationId: first.conversationId,
        title: '  Printer on fire  ',
        type: 'ticket',
        priority: 'urgent',
      })
      const two = await admin.conversation.createTicket({
        conversationId: second.conversationId,
        title: 'Paper jam',
        type: 'task',
        priority: 'low',
      })

      expect(one.ticket).toEqual({ number: 1, title: 'Printer on fire', type: 'ticket', priority: 'urgent' })
      expect(two.ticket).toEqual({ number: 2, title: 'Paper jam', type: 'task', priority: 'low' })
      const before = await fresh.rowCounts()
      const again = await refusalOf(
        admin.conversation.createTicket({
          conversationId: first.conversationId,
          title: 'Again',
          type: 'ticket',
          priority: 'low',
        }),
      )
      expect(again).toMatchObject({ code: 'CONFLICT', domainCode: 'ALREADY_A_TICKET' })
      expect(await fresh.rowCounts()).toEqual(before)
      const stored = await fresh.em().findOneOrFail(Conversation, { id: first.conversationId })
      expect(stored.ticketNumber).toBe(1)

      const customerView = await first.caller.customer.conversation({ id: first.conversationId })
      expect(customerView.conversation).toMatchObject({
        isTicket: true,
        ticket: { number: 1, title: 'Printer on fire' },
      })
      expect(customerView.messages.at(-1)?.system).toEqual({
        type: 'ticket_created',
        number: 1,
        title: 'Printer on fire',
      })
    } finally {
      await fresh.close()
    }
  })

  it('two agents creating tickets at the same moment get different numbers', async () => {
    const conversations = await Promise.all([1, 2, 3].map(() => h.customerWithConversation('rush')))
    const agent = await h.asAgent(anna)

    const tickets = await Promise.all(
      conversations.map(({ conversationId }) =>
        agent.conversation.createTicket({ conversationId, title: 'Rush', type: 'ticket', priority: 'high' }),
      ),
    )

    const numbers = tickets.map((t) => t.ticket?.number)
    expect(new Set(numbers).size).toBe(3)
    for (const { conversationId } of conversations) {
      expect(await h.count(Message, { conversation: conversationId, kind: 'system' })).toBe(1)
    }
  })
})
