import { defineEntity, type InferEntity, p } from '@mikro-orm/core'

/**
 * Kept a plain string column, not an enum, so a new event type needs no table rebuild.
 * `conversation.read`: a read receipt (issue 10), logged only when it is news for the other side.
 */
export type EventType = 'message.created' | 'conversation.updated' | 'conversation.read'

/**
 * The event log: what every subscription replays and follows (event-log.ts). Rows are written only by
 * the write store, never through the unit of work, because `seq` is handed out under the
 * event_sequence row lock inside the writing transaction (see write-store.ts).
 */
export const Event = defineEntity({
  name: 'Event',
  tableName: 'event',
  properties: {
    /** Subscriptions resume from this cursor: it only grows, in commit order, without gaps. */
    seq: p.integer().primary().autoincrement(false),
    type: p.string().$type<EventType>(),
    conversationId: p.uuid().index(),
    /** The conversation's customer when it was written: the customer's stream reads by it. */
    contactId: p.uuid().nullable().index(),
    visibility: p.enum(['public', 'internal']),
    payload: p.json<unknown>(),
    /** The conversation's facts at commit (the domain's ConversationFacts): who may see this event. */
    access: p.json<unknown>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
})

export type Event = InferEntity<typeof Event>

/** One row: the last `seq` handed out. Updating it locks it until commit, so seqs commit in order. */
export const EventSequence = defineEntity({
  name: 'EventSequence',
  tableName: 'event_sequence',
  properties: {
    id: p.integer().primary().autoincrement(false),
    lastSeq: p.integer(),
  },
})

export type EventSequence = InferEntity<typeof EventSequence>
