import { describe, expect, it } from 'vitest'
import { type AgentActor, handlesCustomers, systemActor } from './actor.ts'

function agent(overrides: Partial<AgentActor> = {}): AgentActor {
  return { kind: 'agent', id: 'a-1', role: 'agent', support: false, ...overrides }
}

describe('who answers customers (handlesCustomers)', () => {
  it.each([
    ['an admin with the support flag', agent({ role: 'admin', support: true })],
    ['an admin without the support flag', agent({ role: 'admin', support: false })],
    ['a support agent', agent({ support: true })],
  ])('%s answers customers', (_, actor) => {
    expect(handlesCustomers(actor)).toBe(true)
  })

  it('a plain agent does not answer customers', () => {
    expect(handlesCustomers(agent())).toBe(false)
  })
})

describe('the system actor', () => {
  it('acts as the system, neither an agent nor a customer', () => {
    expect(systemActor).toEqual({ kind: 'system' })
  })
})
