import { type Actor, type AgentActor, isInTeam } from './actor.ts'
import {
  type AssigneeCandidate,
  type ConversationFacts,
  canView,
  hasPendingOffer,
} from './conversation.rules.ts'
import { fail, ok, type Result } from './result.ts'
import type { SystemEvent } from './system-event.ts'

export type OfferStatus = 'pending' | 'accepted' | 'withdrawn'

/** Rule 6: a ticket offered to one agent or to a team. */
export interface TicketOffer {
  id: string
  agentId: string | null
  teamId: string | null
  status: OfferStatus
}

/**
 * Rule 6: the first accept wins. Given every offer of the ticket, decide who gets it and which offers
 * are withdrawn. Persistence must apply the result atomically (a conditional update on `pending`),
 * so two accepts racing cannot both win.
 */
export function acceptOffer(
  offers: readonly TicketOffer[],
  offerId: string,
  actor: Actor,
  actorTeamIds: readonly string[],
): Result<{ assigneeId: string; withdrawnOfferIds: string[] }> {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Only agents accept ticket offers.')
  const offer = offers.find((o) => o.id === offerId)
  const addressedToActor =
    offer !== undefined &&
    (offer.agentId === actor.id || (offer.teamId !== null && actorTeamIds.includes(offer.teamId)))
  if (!offer || !addressedToActor) return fail('NOT_VISIBLE', 'This offer is not for you.')
  if (offers.some((o) => o.status === 'accepted')) {
    return fail('OFFER_TAKEN', 'Someone else has already accepted this ticket.')
  }
  if (offer.status !== 'pending') return fail('OFFER_TAKEN', 'This offer was withdrawn.')
  return ok({
    assigneeId: actor.id,
    withdrawnOfferIds: offers.filter((o) => o.id !== offerId && o.status === 'pending').map((o) => o.id),
  })
}

/**
 * The offer an agent's "Accept" means: their own pending one first, else one to a team of theirs, else
 * one made to them earlier (so that they hear it was taken or withdrawn); undefined when none ever was.
 */
export function offerOf(offers: readonly TicketOffer[], agent: AgentActor): TicketOffer | undefined {
  const addressed = offers.filter((o) => o.agentId === agent.id || isInTeam(agent, o.teamId))
  const pending = addressed.filter((o) => o.status === 'pending')
  return pending.find((o) => o.agentId === agent.id) ?? pending[0] ?? addressed[0]
}

/** Who a ticket is offered to: agents by name, and a team. */
export interface OfferRecipients {
  agents: readonly AssigneeCandidate[]
  team: AssigneeCandidate | null
}

/** How long an offer may wait for an accept before the sweep takes it back, at most (a day). */
export const OFFER_TIMEOUT_MAX_MINUTES = 24 * 60

/**
 * Rule 6: an open, unassigned ticket offered to agents and/or a team. The offered see it (also those who
 * otherwise would not) and may accept it; an offer made again replaces the pending one. Offering is
 * for tickets nobody has: an assigned one is handed over with "Assign".
 */
export function offerTicket(
  conversation: ConversationFacts,
  actor: Actor,
  recipients: OfferRecipients,
): Result<{ event: SystemEvent }> {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Only agents offer tickets.')
  const visible = canView(conversation, actor)
  if (!visible.ok) return visible
  if (conversation.trashed) return fail('IN_TRASH', 'This ticket is in Trash. Restore it before offering it.')
  if (!conversation.ticket) return fail('NOT_A_TICKET', 'Only tickets are offered; create a ticket first.')
  if (conversation.status === 'closed')
    return fail('TICKET_CLOSED', 'This ticket is closed. Reopen it first.')
  if (conversation.assigneeId !== null) {
    return fail('INVALID_TRANSITION', 'This ticket is assigned. Unassign it before offering it.')
  }
  if (recipients.agents.length === 0 && recipients.team === null) {
    return fail('INVALID_TRANSITION', 'Choose at least one agent or a team to offer the ticket to.')
  }
  return ok({
    event: {
      type: 'offered',
      agentNames: recipients.agents.map((agent) => agent.name),
      teamName: recipients.team?.name ?? null,
    },
  })
}

/** Rule 6: pending offers taken back by an agent who sees the ticket; it is free to assign again. */
export function withdrawOffers(
  conversation: ConversationFacts,
  actor: Actor,
): Result<{ event: SystemEvent }> {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Only agents withdraw ticket offers.')
  const visible = canView(conversation, actor)
  if (!visible.ok) return visible
  if (!hasPendingOffer(conversation)) return fail('ALREADY_IN_STATE', 'This ticket has no pending offer.')
  return ok({ event: { type: 'offer_withdrawn' } })
}

/**
 * The offer sweep: pending offers past their time go back, nobody having accepted; the ticket is free in
 * its queue again, New for everyone who would take it (rule 11).
 */
export function offersExpired(): SystemEvent {
  return { type: 'offer_expired' }
}

/**
 * Closing a ticket that is still on offer ends the offer: nobody is to accept a closed ticket, and it
 * leaves the offered agents' inboxes. The thread says so for the team (the close itself is the news).
 */
export function offersEndedByClose(
  conversation: ConversationFacts,
  action: 'close' | 'reopen',
): SystemEvent | null {
  return action === 'close' && hasPendingOffer(conversation) ? { type: 'offer_withdrawn' } : null
}
