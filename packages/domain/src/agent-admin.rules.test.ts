import { describe, expect, it } from 'vitest'
import type { Actor } from './actor.ts'
import { canAdministerTeam, checkDeactivation, checkRoleChange, type TeamMate } from './agent-admin.rules.ts'

const anna: TeamMate = { id: 'anna', role: 'admin', active: true }
const ben: TeamMate = { id: 'ben', role: 'agent', active: true }
const cleo: TeamMate = { id: 'cleo', role: 'admin', active: true }
const asActor = (mate: TeamMate, support = false): Actor => ({
  kind: 'agent',
  id: mate.id,
  role: mate.role,
  support,
})
const code = (result: { ok: boolean; error?: { code: string } }) => (result.ok ? 'ok' : result.error?.code)

describe('team administration', () => {
  it.each<[string, Actor]>([
    ['an agent, even with the support flag', asActor(ben, true)],
    ['a customer', { kind: 'customer', contactId: 'c1', blocked: false }],
    ['the system', { kind: 'system' }],
  ])('is for admins: %s is refused', (_, actor) => {
    expect(code(canAdministerTeam(actor))).toBe('ADMIN_ONLY')
    expect(code(checkRoleChange(actor, ben, 'admin', [anna, ben]))).toBe('ADMIN_ONLY')
    expect(code(checkDeactivation(actor, anna, [anna, ben, cleo]))).toBe('ADMIN_ONLY')
  })

  it('an admin promotes an agent and demotes another admin', () => {
    expect(code(checkRoleChange(asActor(anna), ben, 'admin', [anna, ben]))).toBe('ok')
    expect(code(checkRoleChange(asActor(anna), cleo, 'agent', [anna, ben, cleo]))).toBe('ok')
  })

  it('the last active admin cannot be demoted, not even by themselves', () => {
    expect(code(checkRoleChange(asActor(anna), anna, 'agent', [anna, ben]))).toBe('LAST_ADMIN')
    // A deactivated admin does not count: they cannot sign in to manage anything.
    const away = { ...cleo, active: false }
    expect(code(checkRoleChange(asActor(anna), anna, 'agent', [anna, ben, away]))).toBe('LAST_ADMIN')
    expect(code(checkRoleChange(asActor(anna), anna, 'agent', [anna, ben, cleo]))).toBe('ok')
  })

  it('an admin deactivates an agent or another admin, never themselves or the last admin', () => {
    expect(code(checkDeactivation(asActor(anna), ben, [anna, ben]))).toBe('ok')
    expect(code(checkDeactivation(asActor(anna), cleo, [anna, ben, cleo]))).toBe('ok')
    expect(code(checkDeactivation(asActor(anna), anna, [anna, ben, cleo]))).toBe('NOT_YOURSELF')
  })
})
