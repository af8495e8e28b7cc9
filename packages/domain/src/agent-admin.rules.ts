import type { Actor, AgentRole } from './actor.ts'
import { fail, ok, type Result } from './result.ts'

/** An agent as team administration sees them: can they sign in, and may they administer. */
export interface TeamMate {
  id: string
  role: AgentRole
  /** False once deactivated: they can no longer sign in, and every session of theirs has ended. */
  active: boolean
}

/** Agents, teams and the organisation are managed by admins only. */
export function canAdministerTeam(actor: Actor): Result {
  if (actor.kind !== 'agent' || actor.role !== 'admin') {
    return fail('ADMIN_ONLY', 'Only admins can manage agents and teams.')
  }
  return ok()
}

/** Admins who can still sign in; a helpdesk without one could never be managed again. */
function activeAdmins(team: readonly TeamMate[]): number {
  return team.filter((mate) => mate.active && mate.role === 'admin').length
}

function isLastAdmin(target: TeamMate, team: readonly TeamMate[]): boolean {
  return target.active && target.role === 'admin' && activeAdmins(team) <= 1
}

export function checkRoleChange(
  actor: Actor,
  target: TeamMate,
  role: AgentRole,
  team: readonly TeamMate[],
): Result {
  const allowed = canAdministerTeam(actor)
  if (!allowed.ok) return allowed
  if (role !== 'admin' && isLastAdmin(target, team)) {
    return fail('LAST_ADMIN', 'Parley needs at least one active admin.')
  }
  return ok()
}

/**
 * Deactivating ends the agent's sessions everywhere; their messages and assignments stay. An admin does
 * not lock themselves out (another admin can), and the last active admin stays.
 */
export function checkDeactivation(actor: Actor, target: TeamMate, team: readonly TeamMate[]): Result {
  const allowed = canAdministerTeam(actor)
  if (!allowed.ok) return allowed
  if (actor.kind === 'agent' && actor.id === target.id) {
    return fail('NOT_YOURSELF', 'You cannot deactivate yourself; another admin can.')
  }
  if (isLastAdmin(target, team)) return fail('LAST_ADMIN', 'Parley needs at least one active admin.')
  return ok()
}
