import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { Agent } from './agent.entity.ts'
import { Conversation } from './conversation.entity.ts'

export const ConversationMember = defineEntity({
  name: 'ConversationMember',
  tableName: 'conversation_member',
  primaryKeys: ['conversation', 'agent'],
  properties: {
    // The composite primary key already leads with this column, so the usual foreign-key index would be a duplicate.
    conversation: () => p.manyToOne(Conversation).primary().deleteRule('cascade').index(false),
    agent: () => p.manyToOne(Agent).primary().deleteRule('cascade'),
    role: p.enum(['participant', 'follower']),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  // "My conversations" starts from the agent's memberships.
  indexes: [{ properties: ['agent'] }],
})

export type ConversationMember = InferEntity<typeof ConversationMember>
export type ConversationMemberRole = ConversationMember['role']
