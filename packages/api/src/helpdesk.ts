import { Agent, type EntityManager, Organisation } from '@parley/db'
import { type HelpdeskStatus, handlesCustomers, helpdeskStatus } from '@parley/domain'
import type { ApiDeps } from './context.ts'
import { perApi } from './per-api.ts'
import { presenceKey } from './presence.ts'

/** One helpdesk, one organisation: made at setup (or here, for a database that predates it). */
export async function theOrganisation(em: EntityManager): Promise<Organisation> {
  const [first] = await em.find(Organisation, {}, { orderBy: { createdAt: 'asc' }, limit: 1 })
  return first ?? em.create(Organisation, { name: 'Parley', videoEnabled: false, helpdeskOn: true })
}

export interface HelpdeskAvailability {
  status: HelpdeskStatus
  /** The admin's words for this state; null: the chat page's own default words. */
  message: string | null
}

/** The switch, its words, and who answers customers: what availability is decided on besides presence. */
interface HelpdeskRoster {
  switchedOn: boolean
  onlineMessage: string | null
  offlineMessage: string | null
  customerAgentIds: string[]
  readAt: number
}

/**
 * Every open chat page asks every 20 s: the roster is read at most every ROSTER_TTL_MS per instance
 * (an admin's change on this instance counts at once, on others within that time); presence, which
 * changes by the second, is asked each time.
 */
const ROSTER_TTL_MS = 5_000
const rosters = perApi((): { current: HelpdeskRoster | null } => ({ current: null }))

/** After the switch, a role, the support flag or an agent's activity changed here. */
export function forgetHelpdeskRoster(deps: ApiDeps): void {
  rosters(deps).current = null
}

async function rosterOf(em: EntityManager, deps: ApiDeps): Promise<HelpdeskRoster> {
  const cached = rosters(deps)
  const now = Date.now()
  if (cached.current && now - cached.current.readAt < ROSTER_TTL_MS) return cached.current
  const organisation = await theOrganisation(em)
  const agents = await em.find(Agent, { deactivatedAt: null }, { fields: ['id', 'role', 'support'] })
  cached.current = {
    switchedOn: organisation.helpdeskOn,
    onlineMessage: organisation.onlineMessage ?? null,
    offlineMessage: organisation.offlineMessage ?? null,
    customerAgentIds: agents
      .filter((agent) =>
        handlesCustomers({ kind: 'agent', id: agent.id, role: agent.role, support: agent.support }),
      )
      .map((agent) => agent.id),
    readAt: now,
  }
  return cached.current
}

/** What the chat page shows: the admin's switch, and whether anyone who answers customers is online. */
export async function availabilityOf(em: EntityManager, deps: ApiDeps): Promise<HelpdeskAvailability> {
  const roster = await rosterOf(em, deps)
  const customerAgentsOnline = roster.customerAgentIds.filter((id) =>
    deps.presence.isOnline(presenceKey.agent(id)),
  ).length
  const status = helpdeskStatus({ switchedOn: roster.switchedOn, customerAgentsOnline })
  return { status, message: status === 'online' ? roster.onlineMessage : roster.offlineMessage }
}
