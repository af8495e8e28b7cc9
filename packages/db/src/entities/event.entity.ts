import { defineEntity, type InferEntity, p } from '@mikro-orm/core'

/** Kept a plain string column, not an enum, so a new event type needs no table rebuild. */
export type EventType = 'message.created' | 'conversation.updated'

export const Event = defineEntity({
  name: 'Event',
  tableName: 'event',
  properties: {
    /** Subscriptions resume from this cursor, so it must only ever grow. */
    seq: p.integer().primary().autoincrement(),
    type: p.string().$type<EventType>(),
    conversationId: p.string().index(),
    visibility: p.enum(['public', 'internal']),
    payload: p.json<unknown>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
})

export type Event = InferEntity<typeof Event>
