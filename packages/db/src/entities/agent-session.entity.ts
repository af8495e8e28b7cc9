import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { Agent } from './agent.entity.ts'

export const AgentSession = defineEntity({
  name: 'AgentSession',
  tableName: 'agent_session',
  properties: {
    /** sha256 hex of the cookie token, so a leaked database does not leak live sessions. */
    id: p.string().primary(),
    agent: () => p.manyToOne(Agent).deleteRule('cascade'),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
  },
})

export type AgentSession = InferEntity<typeof AgentSession>
