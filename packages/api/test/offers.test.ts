import { TicketOffer } from '@parley/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboxEvent } from '../src/index.ts'
import { Sweeper } from '../src/sweeps.ts'
import { type Caller, createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// Rule 6 from outside: a ticket offered to agents or a team; the offered see it and may accept it; the
// first accept wins, atomically, also between instances; until then nobody replies; an offer with a
// timeout goes back to the queue when nobody accepts in time.

let h: Harness
let anna: TestAgent
let ben: TestAgent
let paul: TestAgent
let tina: TestAgent
const calls = {} as Record<'anna' | 'ben' | 'paul' | 'tina', Caller>
let billing: { id: string }

beforeAll(async () => {
  h = await createHarness()
  anna = await h.admin('Anna')
  ben = await h.supportAgent('Ben')
  paul = await h.plainAgent('Paul')
  tina = await h.plainAgent('Tina')
  for (const [name, agent] of Object.entries({ anna, ben, paul, tina }))
    calls[name as keyof typeof calls] = await h.asAgent(agent)
  billing = await calls.anna.team.createTeam({ name: 'Billing' })
  await calls.anna.team.setTeamMembers({ teamId: billing.id, agentIds: [tina.id] })
})
afterAll(() => h.close())

const clientId = () => crypto.randomUUID()

async function ticket(title = 'Heating broken') {
  const { conversationId, caller } = await h.customerWithConversation('My heating is broken')
  h.clock.advance(1_000)
  await calls.anna.conversation.createTicket({ conversationId, title, type: 'ticket', priority: 'high' })
  return { conversationId, customer: caller }
}

describe('offering a ticket (rule 6)', () => {
  it('shows it to the offered, where they look; nobody replies or assigns until someone accepts', async () => {
    const { conversationId, customer } = await ticket()
    const paulsInbox = await h.subscribe<InboxEvent>(await h.sessionOf(paul), (c) =>
      c.conversation.onInbox({}),
    )
    await h.untilFollowed({ kind: 'all' }, 1)
    expect((await refusalOf(calls.paul.conversation.get({ id: conversationId }))).code).toBe('NOT_FOUND')

    const offered = await calls.anna.tickets.offer({
      conversationId,
      agentIds: [paul.id],
      teamId: billing.id,
    })
    expect(offered.offer).toBe('others')
    // Paul, no support agent, sees it live among his own; Tina in the Billing queue.
    await paulsInbox.waitFor((e) => e.type === 'conversation.updated' && e.conversation.id === conversationId)
    const paulsOwn = await calls.paul.conversation.list({ section: 'mine', status: 'open' })
    expect(paulsOwn.map((row) => [row.id, row.offer])).toEqual([[conversationId, 'mine']])
    const tinasQueue = await calls.tina.conversation.list({ section: 'team', status: 'open' })
    expect(tinasQueue.map((row) => row.id)).toEqual([conversationId])

    // Rule 2 until accepted: nobody replies, nobody takes it by assignment.
    for (const caller of [calls.paul, calls.ben, calls.anna]) {
      const refusal = await refusalOf(
        caller.conversation.reply({ conversationId, clientId: clientId(), body: 'Hello' }),
      )
      expect(refusal.code).toBe('CONFLICT')
    }
    expect((await refusalOf(calls.ben.conversation.assignToMe({ conversationId }))).message).toBe(
      'This ticket is offered. Accept the offer, or withdraw it first.',
    )
    // Ben was not offered it.
    expect((await refusalOf(calls.ben.tickets.accept({ conversationId }))).message).toBe(
      'This offer is not for you.',
    )
    // The customer hears nothing of offers: only who joins.
    const { messages } = await customer.customer.conversation({ id: conversationId })
    expect(messages.map((m) => m.system?.type)).not.toContain('offered')

    const accepted = await calls.paul.tickets.accept({ conversationId })
    expect(accepted.assignee?.id).toBe(paul.id)
    expect(accepted.replyRefusal).toBeNull()
    await calls.paul.conversation.reply({ conversationId, clientId: clientId(), body: 'On my way' })
    const seen = await customer.customer.conversation({ id: conversationId })
    expect(seen.messages.map((m) => m.body || m.system?.type).slice(-2)).toEqual(['assigned', 'On my way'])
    // The team's offer went with it.
    expect(await h.count(TicketOffer, { conversation: conversationId, status: 'pending' })).toBe(0)
    expect((await refusalOf(calls.tina.tickets.accept({ conversationId }))).code).toBe('CONFLICT')
  })

  it('gives the ticket to exactly one of many accepting at once, the others told it is taken', async () => {
    const others = await Promise.all(
      ['Cleo', 'Dan', 'Eva', 'Finn', 'Gus'].map((name) => h.supportAgent(name)),
    )
    const everyone = [ben, paul, tina, ...others]
    const { conversationId } = await ticket('Race')
    await calls.anna.tickets.offer({
      conversationId,
      agentIds: everyone.filter((a) => a !== tina).map((a) => a.id),
      teamId: billing.id,
    })
    const callers = await Promise.all(everyone.map((agent) => h.asAgent(agent)))
    const outcomes = await Promise.allSettled(
      callers.map((caller) => caller.tickets.accept({ conversationId })),
    )
    const won = outcomes.filter((o) => o.status === 'fulfilled')
    expect(won).toHaveLength(1)
    for (const lost of outcomes.filter((o) => o.status === 'rejected')) {
      expect(((lost as PromiseRejectedResult).reason as { code: string }).code).toBe('CONFLICT')
    }
    const { conversation } = await calls.anna.conversation.get({ id: conversationId })
    expect(conversation.assignee?.id).toBe(
      (won[0] as PromiseFulfilledResult<{ assignee: { id: string } }>).value.assignee.id,
    )
    expect(await h.count(TicketOffer, { conversation: conversationId, status: 'accepted' })).toBe(1)
    expect(await h.count(TicketOffer, { conversation: conversationId, status: 'pending' })).toBe(0)
  })

  it('gives it to exactly one when the accepts reach two instances at once', async () => {
    const other = await h.otherInstance()
    try {
      const { conversationId } = await ticket('Two instances')
      await calls.anna.tickets.offer({ conversationId, agentIds: [ben.id, paul.id] })
      const bensThere = await other.asAgent(ben)
      const outcomes = await Promise.allSettled([
        bensThere.tickets.accept({ conversationId }),
        calls.paul.tickets.accept({ conversationId }),
      ])
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
      expect(await h.count(TicketOffer, { conversation: conversationId, status: 'accepted' })).toBe(1)
    } finally {
      await other.close()
    }
  })

  it('withdraws the offer: the ticket is free to assign again, and those offered no longer see it', async () => {
    const { conversationId } = await ticket('Withdrawn')
    await calls.anna.tickets.offer({ conversationId, agentIds: [paul.id] })
    await calls.ben.tickets.withdrawOffer({ conversationId })
    expect((await refusalOf(calls.paul.conversation.get({ id: conversationId }))).code).toBe('NOT_FOUND')
    expect((await refusalOf(calls.paul.tickets.accept({ conversationId }))).message).toBe(
      'This offer was withdrawn.',
    )
    await calls.ben.conversation.assignToMe({ conversationId })
    const { messages } = await calls.anna.conversation.get({ id: conversationId })
    expect(messages.map((m) => m.system?.type).slice(-3)).toEqual(['offered', 'offer_withdrawn', 'assigned'])
  })

  it('goes back to the queue when nobody accepts in time, swept once however many instances sweep', async () => {
    const { conversationId } = await ticket('Timed')
    await calls.anna.tickets.offer({ conversationId, agentIds: [paul.id], timeoutMinutes: 5 })
    h.clock.advance(4 * 60_000)
    expect((await new Sweeper(h.deps).sweep()).expiredOffers).toEqual([])
    h.clock.advance(2 * 60_000)
    const swept = await Promise.all([1, 2, 3].map(() => new Sweeper(h.deps).sweep()))
    expect(swept.flatMap((s) => s.expiredOffers)).toEqual([conversationId])
    expect((await refusalOf(calls.paul.conversation.get({ id: conversationId }))).code).toBe('NOT_FOUND')
    const { messages } = await calls.anna.conversation.get({ id: conversationId })
    expect(messages.filter((m) => m.system?.type === 'offer_expired')).toHaveLength(1)
    await calls.ben.conversation.assignToMe({ conversationId })
  })

  it('refuses offers of what is no open, unassigned ticket, to unknown agents, and garbage, changing nothing', async () => {
    const { conversationId } = await ticket('Refusals')
    const plain = await h.customerWithConversation('No ticket here')
    const before = await h.rowCounts()
    const refused = async (input: Parameters<Caller['tickets']['offer']>[0], caller = calls.anna) =>
      (await refusalOf(caller.tickets.offer(input))).message
    expect(await refused({ conversationId: plain.conversationId, agentIds: [paul.id] })).toBe(
      'Only tickets are offered; create a ticket first.',
    )
    expect(await refused({ conversationId, agentIds: [] })).toBe(
      'Choose at least one agent or a team to offer the ticket to.',
    )
    expect(await refused({ conversationId, agentIds: [crypto.randomUUID()] })).toBe('No such agent.')
    expect(await refused({ conversationId, agentIds: [ben.id] }, calls.paul)).toBe('Conversation not found.')
    const offer = calls.anna.tickets.offer as never as (input: unknown) => Promise<unknown>
    for (const input of [
      { conversationId, agentIds: ['nope'] },
      { conversationId, agentIds: [ben.id], timeoutMinutes: 0 },
      { conversationId, agentIds: [ben.id], timeoutMinutes: 99_999 },
      { conversationId, agentIds: Array.from({ length: 51 }, () => crypto.randomUUID()) },
    ]) {
      expect((await refusalOf(offer(input))).code).toBe('BAD_REQUEST')
    }
    expect(await h.rowCounts()).toEqual(before)
    await calls.anna.conversation.assignToMe({ conversationId })
    expect(await refused({ conversationId, agentIds: [ben.id] })).toBe(
      'This ticket is assigned. Unassign it before offering it.',
    )
  })
})

describe('closing a ticket that is on offer', () => {
  it('withdraws the offer: it leaves the offered agent, who cannot accept it any more', async () => {
    const { conversationId } = await ticket('Closed while offered')
    await calls.anna.tickets.offer({ conversationId, agentIds: [paul.id] })
    expect(
      (await calls.paul.conversation.list({ section: 'mine', status: 'open' })).map((r) => r.id),
    ).toContain(conversationId)

    await calls.anna.conversation.close({ conversationId })

    expect(await h.count(TicketOffer, { conversation: conversationId, status: 'pending' })).toBe(0)
    expect((await refusalOf(calls.paul.conversation.get({ id: conversationId }))).code).toBe('NOT_FOUND')
    expect(await refusalOf(calls.paul.tickets.accept({ conversationId }))).toMatchObject({
      domainCode: 'OFFER_TAKEN',
      message: 'This offer was withdrawn.',
    })
    const { messages, conversation } = await calls.anna.conversation.get({ id: conversationId })
    expect(conversation).toMatchObject({ status: 'closed', offer: null })
    expect(messages.slice(-2).map((m) => [m.system?.type, m.visibility])).toEqual([
      ['offer_withdrawn', 'internal'],
      ['closed', 'public'],
    ])
  })
})
