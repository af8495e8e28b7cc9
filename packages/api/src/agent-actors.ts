import { Agent, type EntityManager, TeamMember } from '@parley/db'
import type { AgentActor } from '@parley/domain'
import type { ApiDeps } from './context.ts'
import { topics } from './event-bus.ts'
import { perApi } from './per-api.ts'
import { refuse } from './trpc.ts'

/** Who the agent is to the domain: their role, support flag and the teams whose queues they work. */
export async function agentActorOf(
  em: EntityManager,
  agent: Pick<Agent, 'id' | 'role' | 'support'>,
): Promise<AgentActor> {
  const memberships = await em.find(TeamMember, { agent: agent.id })
  return {
    kind: 'agent',
    id: agent.id,
    role: agent.role,
    support: agent.support,
    teamIds: memberships.map((membership) => membership.team.id),
  }
}

/**
 * Active agents by id, each once, in the order asked (threads name them so); an unknown or deactivated
 * one refuses the whole call.
 */
export async function activeAgentsByIds(em: EntityManager, ids: readonly string[]): Promise<Agent[]> {
  const unique = [...new Set(ids)]
  const found = unique.length ? await em.find(Agent, { id: { $in: unique }, deactivatedAt: null }) : []
  const agents = unique.flatMap((id) => found.filter((agent) => agent.id === id))
  if (agents.length !== unique.length) refuse('NOT_VISIBLE', 'No such agent.')
  return agents
}

/**
 * Who agents are to the domain (role, support flag, teams) for subscriptions, which outlive the request
 * that read them: an inbox open all day must not keep the morning's teams. Read once per instance and
 * read again after any admin change, on every instance (the bus tells them; after a bus outage, too).
 */
const actors = perApi((deps) => {
  const cache = new Map<string, Promise<AgentActor>>()
  deps.bus.subscribe(topics.agents, () => cache.clear())
  return cache
})

/** After an admin changed roles, support flags or teams: every instance reads its agents again. */
export function agentsChanged(deps: ApiDeps): void {
  void deps.bus.publish(topics.agents, { kind: 'agents-changed' })
}

/** `started` (what the subscription's request read) stands in should the agent be gone or unreadable. */
export function currentActorOf(deps: ApiDeps, started: AgentActor): Promise<AgentActor> {
  const cache = actors(deps)
  let actor = cache.get(started.id)
  if (!actor) {
    actor = readActor(deps.orm.em.fork(), started).catch(() => {
      cache.delete(started.id)
      return started
    })
    cache.set(started.id, actor)
  }
  return actor
}

async function readActor(em: EntityManager, started: AgentActor): Promise<AgentActor> {
  const agent = await em.findOne(Agent, { id: started.id }, { fields: ['role', 'support'] })
  return agent ? agentActorOf(em, agent) : started
}
