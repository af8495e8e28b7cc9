import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { Agent } from './agent.entity.ts'
import { Team } from './team.entity.ts'

export const TeamMember = defineEntity({
  name: 'TeamMember',
  tableName: 'team_member',
  primaryKeys: ['team', 'agent'],
  properties: {
    // The composite primary key already leads with this column, so the usual foreign-key index would be a duplicate.
    team: () => p.manyToOne(Team).primary().deleteRule('cascade').index(false),
    agent: () => p.manyToOne(Agent).primary().deleteRule('cascade'),
  },
})

export type TeamMember = InferEntity<typeof TeamMember>
