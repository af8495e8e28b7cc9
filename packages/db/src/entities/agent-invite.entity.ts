import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { Agent } from './agent.entity.ts'

/** A set-password link for an invited agent; one at a time per agent, used once. */
export const AgentInvite = defineEntity({
  name: 'AgentInvite',
  tableName: 'agent_invite',
  properties: {
    /** sha256 hex of the link's token, like sessions: the database never holds a usable link. */
    id: p.string().primary(),
    agent: () => p.manyToOne(Agent).deleteRule('cascade'),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
  },
})

export type AgentInvite = InferEntity<typeof AgentInvite>
