import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Caller, createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// Issue 9, part 1: the Tickets page lists tickets and tasks by status, assignee, team, priority and
// type; their details change with a system event each, the customer told of a new title only.

let h: Harness
let anna: TestAgent
let paul: TestAgent
let annaCalls: Caller

beforeAll(async () => {
  h = await createHarness()
  anna = await h.admin('Anna')
  paul = await h.plainAgent('Paul')
  annaCalls = await h.asAgent(anna)
})
afterAll(() => h.close())

const clientId = () => crypto.randomUUID()

async function ticketFrom(
  name: string,
  details: { title: string; type: 'ticket' | 'task'; priority: 'low' | 'normal' | 'high' | 'urgent' },
) {
  const { token } = await h.anonymous().customer.start({ name })
  const customer = h.asCustomer(token)
  const { conversation } = await customer.customer.startConversation({ clientId: clientId(), body: 'Hello' })
  h.clock.advance(1_000)
  const dto = await annaCalls.conversation.createTicket({ conversationId: conversation.id, ...details })
  return { id: conversation.id, number: dto.ticket!.number, customer }
}

describe('the Tickets page', () => {
  let refund: Awaited<ReturnType<typeof ticketFrom>>
  let parcel: Awaited<ReturnType<typeof ticketFrom>>
  let invoice: Awaited<ReturnType<typeof ticketFrom>>

  beforeAll(async () => {
    refund = await ticketFrom('Nina', { title: 'Refund', type: 'ticket', priority: 'high' })
    parcel = await ticketFrom('Tom', { title: 'Lost parcel', type: 'task', priority: 'urgent' })
    invoice = await ticketFrom('Olga', { title: 'Invoice copy', type: 'ticket', priority: 'low' })
    // A conversation that is no ticket is not listed.
    await h.anonymous().customer.start({ name: 'Nobody' })
    await annaCalls.conversation.assignToMe({ conversationId: refund.id })
    await annaCalls.conversation.close({ conversationId: invoice.id })
  })

  const ids = (list: Array<{ id: string }>) => list.map((row) => row.id)

  it('lists every ticket, with its number, last activity first', async () => {
    const list = await annaCalls.tickets.list({})
    expect(ids(list)).toEqual([invoice.id, refund.id, parcel.id])
    expect(list.map((row) => row.ticket?.number)).toEqual([invoice.number, refund.number, parcel.number])
  })

  it('filters by status, assignee, priority and type, and sorts by number or priority', async () => {
    expect(ids(await annaCalls.tickets.list({ status: 'open' }))).toEqual([refund.id, parcel.id])
    expect(ids(await annaCalls.tickets.list({ status: 'closed' }))).toEqual([invoice.id])
    expect(ids(await annaCalls.tickets.list({ assignee: anna.id }))).toEqual([refund.id])
    expect(ids(await annaCalls.tickets.list({ assignee: 'none' }))).toEqual([invoice.id, parcel.id])
    expect(ids(await annaCalls.tickets.list({ priority: 'urgent' }))).toEqual([parcel.id])
    expect(ids(await annaCalls.tickets.list({ type: 'task' }))).toEqual([parcel.id])
    expect(ids(await annaCalls.tickets.list({ sort: 'number' }))).toEqual([refund.id, parcel.id, invoice.id])
    expect(ids(await annaCalls.tickets.list({ sort: 'priority' }))).toEqual([
      parcel.id,
      refund.id,
      invoice.id,
    ])
  })

  it('filters by team queue', async () => {
    const team = await annaCalls.team.createTeam({ name: 'Billing' })
    await annaCalls.conversation.assignTeam({ conversationId: invoice.id, teamId: team.id })
    expect(ids(await annaCalls.tickets.list({ teamId: team.id }))).toEqual([invoice.id])
  })

  it('shows an agent only the tickets they may see (rule 9)', async () => {
    const paulCalls = await h.asAgent(paul)
    expect(await paulCalls.tickets.list({})).toEqual([])
    await annaCalls.conversation.assign({ conversationId: parcel.id, agentId: paul.id })
    expect(ids(await paulCalls.tickets.list({}))).toEqual([parcel.id])
  })

  it('refuses garbage filters and changes nothing', async () => {
    const list = annaCalls.tickets.list as never as (input: unknown) => Promise<unknown>
    for (const input of [{ status: 'pending' }, { assignee: 'me' }, { sort: 'random' }, { priority: 7 }]) {
      expect((await refusalOf(list(input))).code).toBe('BAD_REQUEST')
    }
  })
})

describe("changing a ticket's details", () => {
  it('writes a system event per change; the customer sees the new title and nothing of the triage', async () => {
    const ticket = await ticketFrom('Carla', { title: 'Broken lamp', type: 'ticket', priority: 'normal' })
    const changed = await annaCalls.tickets.change({
      conversationId: ticket.id,
      title: 'Broken lamp, order 4711',
      type: 'task',
      priority: 'urgent',
    })
    expect(changed.ticket).toEqual({
      number: ticket.number,
      title: 'Broken lamp, order 4711',
      type: 'task',
      priority: 'urgent',
    })
    const { messages } = await annaCalls.conversation.get({ id: ticket.id })
    expect(messages.slice(-3).map((message) => message.system)).toEqual([
      { type: 'ticket_renamed', title: 'Broken lamp, order 4711' },
      { type: 'ticket_prioritised', priority: 'urgent' },
      { type: 'ticket_retyped', ticketType: 'task' },
    ])
    const seen = await ticket.customer.customer.conversation({ id: ticket.id })
    const systemTypes = seen.messages.flatMap((message) => (message.system ? [message.system.type] : []))
    expect(systemTypes).toContain('ticket_renamed')
    expect(systemTypes).not.toContain('ticket_prioritised')
    expect(systemTypes).not.toContain('ticket_retyped')
  })

  it('refuses the same details again, a conversation that is no ticket, and garbage, changing nothing', async () => {
    const ticket = await ticketFrom('Dario', { title: 'Same', type: 'ticket', priority: 'low' })
    const before = await h.rowCounts()
    const same = { conversationId: ticket.id, title: ' Same ', type: 'ticket', priority: 'low' } as const
    expect((await refusalOf(annaCalls.tickets.change(same))).message).toBe(
      'The ticket already has these details.',
    )
    const { token } = await h.anonymous().customer.start({ name: 'Eve' })
    const { conversation } = await h
      .asCustomer(token)
      .customer.startConversation({ clientId: clientId(), body: 'No ticket' })
    const afterStart = await h.rowCounts()
    expect(
      (await refusalOf(annaCalls.tickets.change({ ...same, conversationId: conversation.id }))).message,
    ).toBe('This conversation is not a ticket.')
    const change = annaCalls.tickets.change as never as (input: unknown) => Promise<unknown>
    for (const input of [
      { ...same, title: '' },
      { ...same, title: 'x'.repeat(201) },
      { ...same, priority: 'asap' },
      { ...same, type: 'bug' },
      { ...same, conversationId: 'not-an-id' },
    ]) {
      expect((await refusalOf(change(input))).code).toBe('BAD_REQUEST')
    }
    expect(await h.rowCounts()).toEqual(afterStart)
    expect(before).not.toEqual(afterStart)
  })

  it('is refused to an agent who may not see the ticket', async () => {
    const ticket = await ticketFrom('Fritz', { title: 'Private', type: 'ticket', priority: 'low' })
    const paulCalls = await h.asAgent(paul)
    const refusal = await refusalOf(
      paulCalls.tickets.change({
        conversationId: ticket.id,
        title: 'Mine now',
        type: 'ticket',
        priority: 'low',
      }),
    )
    expect(refusal.code).toBe('NOT_FOUND')
  })
})

describe('linking a conversation into a ticket (Link to ticket)', () => {
  async function chatFrom(name: string, body: string) {
    const { token } = await h.anonymous().customer.start({ name })
    const customer = h.asCustomer(token)
    const { conversation } = await customer.customer.startConversation({ clientId: clientId(), body })
    h.clock.advance(1_000)
    return { id: conversation.id, customer }
  }

  it('finds the ticket by number or title, links it; the customer is told, the ticket lists it', async () => {
    const ticket = await ticketFrom('Greta', { title: 'Heating broken', type: 'ticket', priority: 'high' })
    const followUp = await chatFrom('Greta', 'Any news about my heating?')
    for (const search of [String(ticket.number), `#${ticket.number}`, 'heating', 'HEATING BRO']) {
      expect((await annaCalls.tickets.list({ search })).map((row) => row.id)).toContain(ticket.id)
    }
    expect(await annaCalls.tickets.list({ search: 'no such title' })).toEqual([])

    await annaCalls.tickets.link({ conversationId: followUp.id, ticketId: ticket.id })
    // The history stays where it was written; the link names the other end from both sides.
    const linked = await annaCalls.conversation.get({ id: followUp.id })
    expect(linked.messages[0]?.body).toBe('Any news about my heating?')
    expect(linked.links.ticket).toMatchObject({ id: ticket.id, ticket: { number: ticket.number } })
    expect(linked.messages.at(-1)?.system).toEqual({
      type: 'linked_to_ticket',
      number: ticket.number,
      title: 'Heating broken',
    })
    const ticketSide = await annaCalls.conversation.get({ id: ticket.id })
    expect(ticketSide.links.linked.map((row) => row.id)).toEqual([followUp.id])
    expect(ticketSide.messages.at(-1)?.system).toEqual({ type: 'conversation_linked' })
    // The customer hears which ticket it is part of; the ticket's bookkeeping is not theirs (rule 14).
    const seen = await followUp.customer.customer.conversation({ id: followUp.id })
    expect(seen.messages.at(-1)?.system?.type).toBe('linked_to_ticket')
    const seenTicket = await ticket.customer.customer.conversation({ id: ticket.id })
    expect(seenTicket.messages.map((m) => m.system?.type)).not.toContain('conversation_linked')
  })

  it('refuses the same link twice, a ticket into a ticket, a non-ticket, and garbage, changing nothing', async () => {
    const ticket = await ticketFrom('Hugo', { title: 'Router', type: 'ticket', priority: 'low' })
    const other = await ticketFrom('Ida', { title: 'Modem', type: 'ticket', priority: 'low' })
    const chat = await chatFrom('Hugo', 'Still no internet')
    const plain = await chatFrom('Jan', 'Hello')
    await annaCalls.tickets.link({ conversationId: chat.id, ticketId: ticket.id })
    const before = await h.rowCounts()
    const refused = async (input: { conversationId: string; ticketId: string }) =>
      (await refusalOf(annaCalls.tickets.link(input))).message
    expect(await refused({ conversationId: chat.id, ticketId: ticket.id })).toBe(
      `This conversation is already linked to ticket #${ticket.number}.`,
    )
    expect(await refused({ conversationId: other.id, ticketId: ticket.id })).toBe(
      'A ticket is not linked into another ticket.',
    )
    expect(await refused({ conversationId: chat.id, ticketId: plain.id })).toBe(
      'Conversations can only be linked to a ticket.',
    )
    const link = annaCalls.tickets.link as never as (input: unknown) => Promise<unknown>
    for (const input of [{ conversationId: chat.id }, { conversationId: chat.id, ticketId: 'x' }, {}]) {
      expect((await refusalOf(link(input))).code).toBe('BAD_REQUEST')
    }
    expect(await h.rowCounts()).toEqual(before)
  })

  it('is refused to an agent who may not see either end, and hides what they may not see', async () => {
    const ticket = await ticketFrom('Kai', { title: 'Billing', type: 'ticket', priority: 'low' })
    const chat = await chatFrom('Kai', 'About my bill')
    const paulCalls = await h.asAgent(paul)
    await annaCalls.conversation.assign({ conversationId: chat.id, agentId: paul.id })
    // Paul sees his chat but not the ticket: he cannot link it, nor learn what it would be linked to.
    expect(
      (await refusalOf(paulCalls.tickets.link({ conversationId: chat.id, ticketId: ticket.id }))).code,
    ).toBe('NOT_FOUND')
    await annaCalls.tickets.link({ conversationId: chat.id, ticketId: ticket.id })
    expect((await paulCalls.conversation.get({ id: chat.id })).links.ticket).toBeNull()
  })
})
