import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { Agent } from './agent.entity.ts'
import { Conversation } from './conversation.entity.ts'
import { Team } from './team.entity.ts'

/**
 * Rule 6: a ticket offered to one agent or to a team, until someone accepts it (the first accept wins:
 * that offer `accepted`, the others `withdrawn`), it is withdrawn, or it expires (`expiresAt`, the
 * offer sweep's work).
 */
export const TicketOffer = defineEntity({
  name: 'TicketOffer',
  tableName: 'ticket_offer',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    // Led by the (conversation, status) index below.
    conversation: () => p.manyToOne(Conversation).deleteRule('cascade').index(false),
    agent: () => p.manyToOne(Agent).nullable().deleteRule('cascade'),
    team: () => p.manyToOne(Team).nullable().deleteRule('cascade'),
    status: p.enum(['pending', 'accepted', 'withdrawn']),
    offeredBy: () => p.manyToOne(Agent).nullable().deleteRule('set null'),
    expiresAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [
    // A ticket's pending offers (its facts), what an agent is offered ("My conversations"), and what the
    // offer sweep finds due.
    { properties: ['conversation', 'status'] },
    { properties: ['agent', 'status'] },
    { properties: ['status', 'expiresAt'] },
  ],
})

export type TicketOffer = InferEntity<typeof TicketOffer>
export type TicketOfferStatus = TicketOffer['status']
