import { Conversation, Message } from '@parley/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CustomerEvent, InboxEvent } from '../src/index.ts'
import { type Caller, createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// Issue 9, part 6: conversations with customers started by an agent; part 7: a customer's new
// conversation after a closed ticket, linked to it. From outside: who may start one, what each customer
// sees (only their own), live on the chat page, and that nothing is created when the call is refused.

let h: Harness
let anna: TestAgent
let paul: TestAgent
let annaCalls: Caller
let paulCalls: Caller

beforeAll(async () => {
  h = await createHarness()
  anna = await h.supportAgent('Anna')
  paul = await h.plainAgent('Paul')
  annaCalls = await h.asAgent(anna)
  paulCalls = await h.asAgent(paul)
})
afterAll(() => h.close())

const clientId = () => crypto.randomUUID()

describe('a conversation with customers started by an agent (outbound)', () => {
  it('reaches each chosen customer live in their chat page, on their own; the starter replies on', async () => {
    const ola = await h.customer('Ola')
    const max = await h.customer('Max')
    const olasChat = await h.subscribe<CustomerEvent>({ visitorToken: ola.token }, (c) =>
      c.customer.onEvents({}),
    )
    await h.untilFollowed({ kind: 'contact', contactId: ola.contactId }, 1)
    const paulsInbox = await h.subscribe<InboxEvent>(await h.sessionOf(paul), (c) =>
      c.conversation.onInbox({}),
    )
    await h.untilFollowed({ kind: 'all' }, 1)

    const { started } = await annaCalls.outbound.start({
      contactIds: [ola.contactId, max.contactId],
      agentIds: [paul.id],
      subject: 'Your order',
      clientId: clientId(),
      body: 'Your order has shipped.',
    })

    expect(started.map((s) => s.contactId)).toEqual([ola.contactId, max.contactId])
    const [forOla, forMax] = started.map((s) => s.conversationId)
    expect(forOla).not.toBe(forMax)
    const live = await olasChat.waitFor((e) => e.type === 'message.created' && e.conversationId === forOla)
    expect(live.data).toMatchObject({ message: { body: 'Your order has shipped.', authorKind: 'agent' } })
    // Each customer sees their own conversation only, with one unread message from Anna.
    expect(await ola.caller.customer.conversations()).toMatchObject([
      { id: forOla, unread: 1, canPost: true, assignee: { name: 'Anna' }, subject: 'Your order' },
    ])
    expect((await max.caller.customer.conversations()).map((c) => c.id)).toEqual([forMax])
    expect((await refusalOf(ola.caller.customer.conversation({ id: forMax! }))).code).toBe('NOT_FOUND')

    // Anna is assigned, so she may go on replying (rule 2); the customer answers in the same thread.
    await annaCalls.conversation.reply({
      conversationId: forOla!,
      clientId: clientId(),
      body: 'Tracking: 42',
    })
    await ola.caller.customer.send({ conversationId: forOla!, clientId: clientId(), body: 'Thanks!' })
    // Max's conversation was written before this reply: had anything of it leaked into Ola's stream, it
    // would have come first.
    await olasChat.waitFor((e) => e.type === 'message.created' && e.message.body === 'Tracking: 42')
    expect(olasChat.items.some((e) => 'conversationId' in e.data && e.data.conversationId === forMax)).toBe(
      false,
    )
    const { messages, conversation } = await annaCalls.conversation.get({ id: forOla! })
    expect(messages.map((m) => m.body)).toEqual(['Your order has shipped.', 'Tracking: 42', 'Thanks!'])
    expect(conversation).toMatchObject({ assignee: { id: anna.id }, subject: 'Your order' })

    // Paul, asked in, has it under "My conversations", live.
    await paulsInbox.waitFor((e) => e.type === 'message.created' && e.conversationId === forOla)
    const mine = await paulCalls.conversation.list({ section: 'mine', status: 'open' })
    expect(mine.map((row) => row.id).sort()).toEqual([forOla, forMax].sort())
    await Promise.all([olasChat.stop(), paulsInbox.stop()])
  })

  it('a retried start reaches nobody twice', async () => {
    const ola = await h.customer('Ola')
    const input = { contactIds: [ola.contactId], clientId: clientId(), body: 'Hello from us' }
    const first = await annaCalls.outbound.start(input)
    const again = await annaCalls.outbound.start(input)
    expect(again).toEqual(first)
    expect(await h.count(Conversation, { contact: ola.contactId })).toBe(1)
    expect(await h.count(Message, { conversation: first.started[0]!.conversationId })).toBe(1)
  })

  it('refuses an agent who does not answer customers, a blocked contact, an unknown one — creating nothing', async () => {
    const ola = await h.customer('Ola')
    const mallory = await h.customer('Mallory')
    await h.blockContact(mallory.contactId)
    const before = await h.rowCounts()
    const start = (caller: Caller, contactIds: string[]) =>
      refusalOf(caller.outbound.start({ contactIds, clientId: clientId(), body: 'Hi' }))

    expect(await start(paulCalls, [ola.contactId])).toMatchObject({
      code: 'NOT_FOUND',
      domainCode: 'NOT_VISIBLE',
    })
    const blocked = await start(annaCalls, [ola.contactId, mallory.contactId])
    expect(blocked).toMatchObject({ domainCode: 'CONTACT_BLOCKED' })
    expect(blocked.message).toContain('Mallory')
    expect(await start(annaCalls, [ola.contactId, crypto.randomUUID()])).toMatchObject({
      domainCode: 'NOT_VISIBLE',
    })
    expect(
      await refusalOf(
        annaCalls.outbound.start({
          contactIds: [ola.contactId],
          agentIds: [crypto.randomUUID()],
          clientId: clientId(),
          body: 'Hi',
        }),
      ),
    ).toMatchObject({ domainCode: 'NOT_VISIBLE' })
    expect(
      await refusalOf(
        annaCalls.outbound.start({ contactIds: [ola.contactId], clientId: clientId(), body: ' \u200b ' }),
      ),
    ).toMatchObject({
      domainCode: 'EMPTY_MESSAGE',
    })
    expect(
      await refusalOf(annaCalls.outbound.start({ contactIds: [], clientId: clientId(), body: 'Hi' })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
    })
    expect(await h.rowCounts()).toEqual(before)
  })
})

describe("a customer's new conversation after their ticket was closed (rule 4)", () => {
  async function closedTicket() {
    const customer = await h.customerWithConversation('The printer is broken')
    await annaCalls.conversation.createTicket({
      conversationId: customer.conversationId,
      title: 'Printer',
      type: 'ticket',
      priority: 'normal',
    })
    await annaCalls.conversation.close({ conversationId: customer.conversationId })
    return customer
  }

  it('is linked to the ticket: the customer is told which it continues, the agent has the history at hand', async () => {
    const { caller, conversationId: ticketId } = await closedTicket()
    const ticketNumber = (await annaCalls.conversation.get({ id: ticketId })).conversation.ticket!.number

    const { conversation } = await caller.customer.startConversation({
      clientId: clientId(),
      body: 'It is broken again',
      followsUp: ticketId,
    })

    expect(conversation).toMatchObject({ status: 'open', canPost: true, isTicket: false })
    const { messages } = await caller.customer.conversation({ id: conversation.id })
    expect(messages.map((m) => m.system ?? m.body)).toEqual([
      { type: 'follows_up', number: ticketNumber, title: 'Printer' },
      'It is broken again',
    ])
    const followUp = await annaCalls.conversation.get({ id: conversation.id })
    expect(followUp.links.ticket).toMatchObject({ id: ticketId, ticket: { number: ticketNumber } })
    const ticket = await annaCalls.conversation.get({ id: ticketId })
    expect(ticket.links.linked.map((l) => l.id)).toEqual([conversation.id])
    expect(ticket.messages.at(-1)).toMatchObject({
      visibility: 'internal',
      system: { type: 'conversation_linked' },
    })
    // The ticket stays closed for the customer, and they never see the team's note of the link.
    const { messages: ticketThread } = await caller.customer.conversation({ id: ticketId })
    expect(ticketThread.some((m) => m.system?.type === 'conversation_linked')).toBe(false)
    expect(
      (await refusalOf(caller.customer.send({ conversationId: ticketId, clientId: clientId(), body: 'x' })))
        .domainCode,
    ).toBe('TICKET_CLOSED')
  })

  it("refuses an open ticket, a plain chat and another customer's ticket, creating nothing", async () => {
    const { conversationId: othersTicket } = await closedTicket()
    const { caller, conversationId: openChat } = await h.customerWithConversation('Open question')
    await annaCalls.conversation.createTicket({
      conversationId: openChat,
      title: 'Open one',
      type: 'ticket',
      priority: 'low',
    })
    const { caller: plain, conversationId: plainChat } = await h.customerWithConversation('Plain chat')
    await annaCalls.conversation.close({ conversationId: plainChat })
    const before = await h.rowCounts()
    const followUp = (who: Caller, followsUp: string) =>
      refusalOf(who.customer.startConversation({ clientId: clientId(), body: 'Again', followsUp }))

    expect(await followUp(caller, othersTicket)).toMatchObject({ code: 'NOT_FOUND' })
    expect(await followUp(caller, openChat)).toMatchObject({ domainCode: 'INVALID_TRANSITION' })
    expect(await followUp(plain, plainChat)).toMatchObject({ domainCode: 'NOT_A_TICKET' })
    expect(await followUp(caller, crypto.randomUUID())).toMatchObject({ code: 'NOT_FOUND' })
    expect(await h.rowCounts()).toEqual(before)
  })
})
