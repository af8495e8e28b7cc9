import { describe, expect, it } from 'vitest'
import type { Actor } from './actor.ts'
import { outcome } from './test-cast.ts'
import { canUseTextBlock, canWriteTextBlock, fillTextBlock } from './text-block.rules.ts'

const admin: Actor = { kind: 'agent', id: 'anna', role: 'admin', support: true }
const agent: Actor = { kind: 'agent', id: 'ben', role: 'agent', support: true }
const customer: Actor = { kind: 'customer', contactId: 'c', blocked: false }
const shared = { ownerId: null }
const bens = { ownerId: 'ben' }

describe('who uses and writes text blocks', () => {
  it('every agent uses shared blocks; personal ones only their owner, even against an admin', () => {
    expect(outcome(canUseTextBlock(shared, agent))).toBe('ok')
    expect(outcome(canUseTextBlock(bens, agent))).toBe('ok')
    expect(outcome(canUseTextBlock(bens, admin))).toBe('NOT_VISIBLE')
    expect(outcome(canUseTextBlock(shared, customer))).toBe('AGENTS_ONLY')
  })

  it('shared blocks are written by admins; personal ones by their owner', () => {
    expect(outcome(canWriteTextBlock(shared, admin))).toBe('ok')
    expect(outcome(canWriteTextBlock(shared, agent))).toBe('ADMIN_ONLY')
    expect(outcome(canWriteTextBlock(bens, agent))).toBe('ok')
    expect(outcome(canWriteTextBlock(bens, admin))).toBe('NOT_VISIBLE')
  })
})

describe('filling in a text block', () => {
  const values = {
    'contact.name': 'Petra',
    'contact.email': 'petra@example.com',
    'agent.name': 'Anna',
    'conversation.number': '42',
  }

  it('fills known variables, with or without spaces, and leaves unknown ones visible', () => {
    expect(
      fillTextBlock('Hi {{contact.name}}, {{ agent.name }} here about #{{conversation.number}}.', values),
    ).toBe('Hi Petra, Anna here about #42.')
    expect(fillTextBlock('Dear {{contact.nmae}}', values)).toBe('Dear {{contact.nmae}}')
    expect(fillTextBlock('{{constructor}} {{__proto__}}', values)).toBe('{{constructor}} {{__proto__}}')
  })
})
