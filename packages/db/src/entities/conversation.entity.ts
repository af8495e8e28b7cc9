import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { Agent } from './agent.entity.ts'
import { Contact } from './contact.entity.ts'
import { Team } from './team.entity.ts'

export const Conversation = defineEntity({
  name: 'Conversation',
  tableName: 'conversation',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    kind: p.enum(['support', 'internal']),
    status: p.enum(['open', 'closed']),
    contact: () => p.manyToOne(Contact).nullable(),
    assignee: () => p.manyToOne(Agent).nullable(),
    team: () => p.manyToOne(Team).nullable(),
    createdBy: () => p.manyToOne(Agent).nullable(),
    subject: p.string().nullable(),
    ticketNumber: p.integer().nullable().unique(),
    ticketTitle: p.string().nullable(),
    ticketType: p.enum(['ticket', 'task']).nullable(),
    ticketPriority: p.enum(['low', 'normal', 'high', 'urgent']).nullable(),
    linkedTicket: () => p.manyToOne(Conversation).nullable(),
    lastMessageAt: p.datetime().onCreate(() => new Date()),
    lastPublicMessageAt: p.datetime().nullable(),
    /** Any visibility: agents only. Customers read `lastPublicPreview`. */
    lastPreview: p.string().nullable(),
    lastPublicPreview: p.string().nullable(),
    /** Author of the last public message, so the customer view never hints at a note. */
    lastAuthorKind: p.enum(['agent', 'customer', 'system']).nullable(),
    lastCustomerMessageAt: p.datetime().nullable(),
    lastAgentReplyAt: p.datetime().nullable(),
    contactLastReadAt: p.datetime().nullable(),
    trashedAt: p.datetime().nullable(),
    /** The last customer message the Missed sweep announced (rule 11): each turns red once, on one instance. */
    missedAnnouncedFor: p.datetime().nullable(),
    /** The last reply the push sweep told the away customer of (issue 10, part 6): each pushed once. */
    pushedFor: p.datetime().nullable(),
    /**
     * The last message the email fallback's sweep dealt with (rule 12): what came after it waits for the
     * sweep, which mails whoever has not seen it within EMAIL_FALLBACK_MS.
     */
    mailedThrough: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    /**
     * Bumped by every state change (status, assignee, ticket, trash…), never by a message: the send path
     * writes only if it still matches what its decision was made on (write-store.ts).
     */
    version: p.integer().version(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
  indexes: [
    { properties: ['status', 'lastMessageAt'] },
    { properties: ['contact'] },
    // "My conversations" reads a page of each in list order, and the memberships (read-models.ts).
    { properties: ['assignee', 'status', 'lastMessageAt'] },
    { properties: ['createdBy', 'status', 'lastMessageAt'] },
    // The email fallback's sweep looks only at conversations with recent messages.
    { properties: ['lastMessageAt'] },
  ],
})

export type Conversation = InferEntity<typeof Conversation>
export type ConversationKind = Conversation['kind']
export type ConversationStatus = Conversation['status']
export type TicketType = NonNullable<Conversation['ticketType']>
export type TicketPriority = NonNullable<Conversation['ticketPriority']>
