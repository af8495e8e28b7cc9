import { describe, expect, it } from 'vitest'
import type { Actor } from './actor.ts'
import { acceptOffer, type TicketOffer } from './offer.rules.ts'
import { admin, customer, outcome, system } from './test-cast.ts'

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
