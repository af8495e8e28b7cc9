import { describe, expect, it } from 'vitest'
import type { Actor } from './actor.ts'
import {
  assign,
  type ConversationFacts,
  canNote,
  canReply,
  canView,
  isInSection,
  isOfferedTo,
} from './conversation.rules.ts'
import {
  acceptOffer,
  offerOf,
  offersEndedByClose,
  offersExpired,
  offerTicket,
  type TicketOffer,
  withdrawOffers,
} from './offer.rules.ts'
import { systemEventVisibility } from './system-event.ts'
import {
  admin,
  billingAgent,
  customer,
  otherAgent,
  outcome,
  plainAgent,
  supportAgent,
  supportConversation,
  system,
} from './test-cast.ts'

const anna = { kind: 'agent', id: 'anna', role: 'agent', support: true } as const
const otto = { kind: 'agent', id: 'otto', role: 'agent', support: true } as const
const paula = { kind: 'agent', id: 'paula', role: 'agent', support: false } as const

function offer(id: string, overrides: Partial<TicketOffer> = {}): TicketOffer {
  return { id, agentId: null, teamId: null, status: 'pending', ...overrides }
}

/** Ticket #42 offered to Anna, to Otto and to the billing team; an earlier offer to Paula was withdrawn. */
const offers: readonly TicketOffer[] = [
  offer('to-anna', { agentId: 'anna' }),
  offer('to-otto', { agentId: 'otto' }),
  offer('to-billing', { teamId: 'billing' }),
  offer('to-paula', { agentId: 'paula', status: 'withdrawn' }),
]

/** What persistence does with a successful accept. */
function applyAccept(
  current: readonly TicketOffer[],
  acceptedId: string,
  withdrawnOfferIds: readonly string[],
): TicketOffer[] {
  return current.map((o) =>
    o.id === acceptedId
      ? { ...o, status: 'accepted' }
      : withdrawnOfferIds.includes(o.id)
        ? { ...o, status: 'withdrawn' }
        : o,
  )
}

describe('accepting a ticket offer (acceptOffer)', () => {
  it('the agent it was offered to gets the ticket and the other pending offers are withdrawn', () => {
    expect(acceptOffer(offers, 'to-anna', anna, [])).toEqual({
      ok: true,
      value: { assigneeId: 'anna', withdrawnOfferIds: ['to-otto', 'to-billing'] },
    })
  })

  it('a member of the team it was offered to gets the ticket', () => {
    expect(acceptOffer(offers, 'to-billing', paula, ['support', 'billing'])).toEqual({
      ok: true,
      value: { assigneeId: 'paula', withdrawnOfferIds: ['to-anna', 'to-otto'] },
    })
  })

  it('withdraws nothing when the ticket was offered to one agent only', () => {
    expect(acceptOffer([offer('only', { agentId: 'anna' })], 'only', anna, [])).toEqual({
      ok: true,
      value: { assigneeId: 'anna', withdrawnOfferIds: [] },
    })
  })

  it('the first accept wins; the next one is told someone else took it (OFFER_TAKEN)', () => {
    const first = acceptOffer(offers, 'to-anna', anna, [])
    if (!first.ok) throw new Error('the first accept should win')
    const afterFirst = applyAccept(offers, 'to-anna', first.value.withdrawnOfferIds)

    const second = acceptOffer(afterFirst, 'to-otto', otto, [])
    expect(second).toEqual({
      ok: false,
      error: { code: 'OFFER_TAKEN', message: 'Someone else has already accepted this ticket.' },
    })
    expect(outcome(acceptOffer(afterFirst, 'to-billing', paula, ['billing']))).toBe('OFFER_TAKEN')
  })

  it('refuses while another offer is already accepted, even if this one was not yet withdrawn (OFFER_TAKEN)', () => {
    const raced = offers.map((o) => (o.id === 'to-anna' ? { ...o, status: 'accepted' as const } : o))
    expect(outcome(acceptOffer(raced, 'to-otto', otto, []))).toBe('OFFER_TAKEN')
  })

  it('refuses an offer that was withdrawn (OFFER_TAKEN)', () => {
    expect(outcome(acceptOffer(offers, 'to-paula', paula, []))).toBe('OFFER_TAKEN')
  })

  it('refuses to accept the same offer twice (OFFER_TAKEN)', () => {
    const accepted = applyAccept(offers, 'to-anna', ['to-otto', 'to-billing'])
    expect(outcome(acceptOffer(accepted, 'to-anna', anna, []))).toBe('OFFER_TAKEN')
  })

  it.each<[string, string, Actor, string[]]>([
    ["another agent accepting Anna's offer", 'to-anna', otto, []],
    ['an admin accepting an offer made to someone else', 'to-anna', admin, []],
    ['an agent outside the team it was offered to', 'to-billing', otto, ['support']],
    ['an agent accepting an offer that does not exist', 'no-such-offer', anna, []],
  ])('an offer that is not for you is refused: %s (NOT_VISIBLE)', (_, offerId, actor, teams) => {
    expect(acceptOffer(offers, offerId, actor, teams)).toEqual({
      ok: false,
      error: { code: 'NOT_VISIBLE', message: 'This offer is not for you.' },
    })
  })

  it('an offer addressed to nobody cannot be accepted (NOT_VISIBLE)', () => {
    expect(outcome(acceptOffer([offer('nobody')], 'nobody', anna, ['billing']))).toBe('NOT_VISIBLE')
  })

  it('says "not for you" before "taken", so others do not learn the state of an offer', () => {
    const accepted = applyAccept(offers, 'to-anna', ['to-otto', 'to-billing'])
    expect(outcome(acceptOffer(accepted, 'to-anna', otto, []))).toBe('NOT_VISIBLE')
  })

  it.each<[string, Actor]>([
    ['a customer', customer],
    ['the system', system],
  ])('%s cannot accept offers (AGENTS_ONLY)', (_, actor) => {
    expect(outcome(acceptOffer(offers, 'to-anna', actor, ['billing']))).toBe('AGENTS_ONLY')
  })
})

describe('offering a ticket (offerTicket, withdrawOffers) and what an offer changes', () => {
  const ticket = { number: 7, title: 'Heating', type: 'ticket', priority: 'normal' } as const
  const openTicket = supportConversation({ ticket })
  const toPaula = { agents: [{ id: plainAgent.id, name: 'Paula' }], team: null }
  const offeredToPaula = supportConversation({ ticket, offeredAgentIds: [plainAgent.id] })
  const offeredToBilling = supportConversation({ ticket, offeredTeamIds: ['billing'] })

  it('offers an open, unassigned ticket to agents and a team, noted for the team only', () => {
    const offered = offerTicket(openTicket, supportAgent, {
      agents: [{ id: plainAgent.id, name: 'Paula' }],
      team: { id: 'billing', name: 'Billing' },
    })
    expect(offered.ok && offered.value.event).toEqual({
      type: 'offered',
      agentNames: ['Paula'],
      teamName: 'Billing',
    })
    expect(offered.ok && systemEventVisibility(offered.value.event)).toBe('internal')
  })

  it.each<[string, ConversationFacts, string]>([
    ['a conversation that is no ticket', supportConversation(), 'NOT_A_TICKET'],
    ['a closed ticket', supportConversation({ ticket, status: 'closed' }), 'TICKET_CLOSED'],
    ['an assigned ticket', supportConversation({ ticket, assigneeId: otherAgent.id }), 'INVALID_TRANSITION'],
    ['a ticket in Trash', supportConversation({ ticket, trashed: true }), 'NOT_VISIBLE'],
  ])('refuses to offer %s', (_, conversation, code) => {
    expect(outcome(offerTicket(conversation, supportAgent, toPaula))).toBe(code)
  })

  it('refuses an offer to nobody, and offers from anyone who cannot see the ticket', () => {
    expect(outcome(offerTicket(openTicket, supportAgent, { agents: [], team: null }))).toBe(
      'INVALID_TRANSITION',
    )
    expect(outcome(offerTicket(openTicket, plainAgent, toPaula))).toBe('NOT_VISIBLE')
    expect(outcome(offerTicket(openTicket, customer, toPaula))).toBe('AGENTS_ONLY')
  })

  it('lets the offered see it where they look: an agent among their own, a team in its queue', () => {
    expect(canView(openTicket, plainAgent).ok).toBe(false)
    expect(canView(offeredToPaula, plainAgent).ok).toBe(true)
    expect(isInSection(offeredToPaula, plainAgent, 'mine')).toBe(true)
    expect(canView(offeredToBilling, billingAgent).ok).toBe(true)
    expect(isInSection(offeredToBilling, billingAgent, 'team')).toBe(true)
    expect(isOfferedTo(offeredToBilling, billingAgent)).toBe(true)
    expect(isOfferedTo(offeredToBilling, plainAgent)).toBe(false)
  })

  it('lets nobody reply or assign while offered (rule 2), the offered told to accept', () => {
    expect(canReply(offeredToPaula, plainAgent)).toEqual({
      ok: false,
      error: { code: 'OFFER_PENDING', message: 'This ticket is offered to you. Accept it to reply.' },
    })
    expect(outcome(canReply(offeredToPaula, supportAgent))).toBe('OFFER_PENDING')
    expect(outcome(canReply(offeredToPaula, admin))).toBe('OFFER_PENDING')
    expect(outcome(assign(offeredToPaula, supportAgent, { id: supportAgent.id, name: 'Sam' }))).toBe(
      'OFFER_PENDING',
    )
    // Notes are fine: the team may discuss who should take it.
    expect(canNote(offeredToPaula, supportAgent).ok).toBe(true)
  })

  it('withdraws pending offers, noted for the team; nothing to withdraw is refused', () => {
    const withdrawn = withdrawOffers(offeredToPaula, supportAgent)
    expect(withdrawn.ok && withdrawn.value.event).toEqual({ type: 'offer_withdrawn' })
    expect(outcome(withdrawOffers(openTicket, supportAgent))).toBe('ALREADY_IN_STATE')
    expect(outcome(withdrawOffers(offeredToPaula, customer))).toBe('AGENTS_ONLY')
    expect(systemEventVisibility(offersExpired())).toBe('internal')
  })
})

describe("the offer an agent's Accept means (offerOf)", () => {
  it('their own pending offer, else a team one of theirs, else an earlier one; none for others', () => {
    expect(offerOf(offers, anna)?.id).toBe('to-anna')
    expect(offerOf(offers, { ...paula, teamIds: ['billing'] })?.id).toBe('to-billing')
    expect(offerOf(offers, paula)?.id).toBe('to-paula')
    expect(offerOf(offers, { ...otto, id: 'nobody' })).toBeUndefined()
  })
})

describe('closing a ticket on offer (offersEndedByClose)', () => {
  const ticket = { number: 7, title: 'Heating', type: 'ticket', priority: 'high' } as const
  const onOffer = supportConversation({
    ticket,
    offeredAgentIds: [plainAgent.id],
    offeredTeamIds: ['billing'],
  })

  it('ends the offer, noted for the team only', () => {
    const event = offersEndedByClose(onOffer, 'close')
    expect(event).toEqual({ type: 'offer_withdrawn' })
    expect(systemEventVisibility(event!)).toBe('internal')
  })

  it('leaves everything else alone: no offer, or a reopen', () => {
    expect(offersEndedByClose(supportConversation({ ticket }), 'close')).toBeNull()
    expect(offersEndedByClose(onOffer, 'reopen')).toBeNull()
  })
})
