import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { Agent } from './agent.entity.ts'
import { Conversation } from './conversation.entity.ts'

export const ReadMarker = defineEntity({
  name: 'ReadMarker',
  tableName: 'read_marker',
  primaryKeys: ['conversation', 'agent'],
  properties: {
    // The composite primary key already leads with this column, so the usual foreign-key index would be a duplicate.
    conversation: () => p.manyToOne(Conversation).primary().deleteRule('cascade').index(false),
    agent: () => p.manyToOne(Agent).primary().deleteRule('cascade'),
    readAt: p.datetime(),
  },
})

export type ReadMarker = InferEntity<typeof ReadMarker>
