import type { Actor } from './actor.ts'
import type { ConversationFacts } from './conversation.rules.ts'
import type { Result } from './result.ts'

/**
 * The people and the conversation the domain's unit tests talk about, so every rule's tests use the same
 * cast. Test-only: not exported from the package.
 */

/** An admin without the support flag: whatever they may do, they may do by their role alone. */
export const admin = { kind: 'agent', id: 'ada', role: 'admin', support: false } as const
export const supportAgent = { kind: 'agent', id: 'sam', role: 'agent', support: true } as const
/** An agent without the support flag: sees only what they are part of (rule 9). */
export const plainAgent = { kind: 'agent', id: 'paula', role: 'agent', support: false } as const
export const assignedAgent = { kind: 'agent', id: 'anna', role: 'agent', support: true } as const
export const otherAgent = { kind: 'agent', id: 'otto', role: 'agent', support: true } as const
/** A plain agent (no support flag) in the Billing team: sees that team's queue, nothing else of customers. */
export const billingAgent = {
  kind: 'agent',
  id: 'bill',
  role: 'agent',
  support: false,
  teamIds: ['billing'],
} as const
export const customer = { kind: 'customer', contactId: 'c-1', blocked: false } as const
export const anotherCustomer = { kind: 'customer', contactId: 'c-2', blocked: false } as const
export const blockedCustomer = { kind: 'customer', contactId: 'c-1', blocked: true } as const
export const system = { kind: 'system' } as const

/** Everyone who is not an agent, named for `it.each` tables of what only agents may do. */
export const customers: Array<[string, Actor]> = [
  ['the customer', customer],
  ['another customer', anotherCustomer],
  ['a blocked customer', blockedCustomer],
]
export const customersAndSystem: Array<[string, Actor]> = [...customers, ['the system', system]]

/** An open, unassigned live chat of `customer`, not a ticket. */
export function supportConversation(overrides: Partial<ConversationFacts> = {}): ConversationFacts {
  return {
    kind: 'support',
    status: 'open',
    contactId: customer.contactId,
    assigneeId: null,
    teamId: null,
    createdById: null,
    memberIds: [],
    followerIds: [],
    offeredAgentIds: [],
    offeredTeamIds: [],
    ticket: null,
    trashed: false,
    ...overrides,
  }
}

/** `'ok'` or the error code, so tables can say the expected outcome in one word. */
export function outcome(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.error.code
}
