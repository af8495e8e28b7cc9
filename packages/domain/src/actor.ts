export type AgentRole = 'admin' | 'agent'

/** Who is acting. Policies take this and plain data, never a session or a request. */
export type Actor =
  | {
      kind: 'agent'
      id: string
      role: AgentRole
      support: boolean
      /** The teams the agent is a member of (their queues, rule 9); absent means none. */
      teamIds?: readonly string[]
    }
  | { kind: 'customer'; contactId: string; blocked: boolean }
  | { kind: 'system' }

export type AgentActor = Extract<Actor, { kind: 'agent' }>
export type CustomerActor = Extract<Actor, { kind: 'customer' }>

export const systemActor: Actor = { kind: 'system' }

/** Admins and support-flagged agents answer customers (rule 9: they see "From customers"). */
export function handlesCustomers(agent: AgentActor): boolean {
  return agent.role === 'admin' || agent.support
}

/** Whether the agent works the queue of this team. */
export function isInTeam(agent: AgentActor, teamId: string | null): boolean {
  return teamId !== null && (agent.teamIds ?? []).includes(teamId)
}
