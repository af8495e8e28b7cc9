import { describe, expect, it } from 'vitest'
import type { Actor } from './actor.ts'
import { canManageContacts, cleanAttributes } from './contact.rules.ts'
import { outcome } from './test-cast.ts'

describe('who manages contacts', () => {
  it.each<[string, Actor, string]>([
    ['an admin', { kind: 'agent', id: 'a', role: 'admin', support: false }, 'ok'],
    ['a support agent', { kind: 'agent', id: 'b', role: 'agent', support: true }, 'ok'],
    [
      'an agent without the support flag',
      { kind: 'agent', id: 'c', role: 'agent', support: false },
      'NOT_VISIBLE',
    ],
    ['a customer', { kind: 'customer', contactId: 'x', blocked: false }, 'AGENTS_ONLY'],
    ['the system', { kind: 'system' }, 'AGENTS_ONLY'],
  ])('%s → %s', (_, actor, expected) => {
    expect(outcome(canManageContacts(actor))).toBe(expected)
  })
})

describe("a contact's own fields", () => {
  it('keep their order, drop empty ones, and take each name once whatever its case', () => {
    expect(
      cleanAttributes([
        { key: ' Plan ', value: ' Pro ' },
        { key: '', value: 'orphan' },
        { key: 'Seats', value: '  ' },
        { key: 'plan', value: 'Free' },
        { key: 'Region', value: 'EU' },
      ]),
    ).toEqual([
      { key: 'Plan', value: 'Pro' },
      { key: 'Region', value: 'EU' },
    ])
  })
})
