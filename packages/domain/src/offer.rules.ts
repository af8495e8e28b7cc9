import type { Actor } from './actor.ts'
import { fail, ok, type Result } from './result.ts'

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
  if (offer.status !== 'pending' || offers.some((o) => o.status === 'accepted')) {
    return fail('OFFER_TAKEN', 'Someone else has already accepted this ticket.')
  }
  return ok({
    assigneeId: actor.id,
    withdrawnOfferIds: offers.filter((o) => o.id !== offerId && o.status === 'pending').map((o) => o.id),
  })
}
