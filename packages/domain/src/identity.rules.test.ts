import { describe, expect, it } from 'vitest'
import {
  AVATAR_COLOURS,
  agentAvatarColour,
  avatarColourOf,
  identifyVisitor,
  visitorCode,
} from './identity.rules.ts'
import { outcome } from './test-cast.ts'

const ids = Array.from({ length: 200 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)

describe('telling people apart', () => {
  it('gives a customer the same four-character code every time', () => {
    const id = '3f8a2c1e-9b7d-4e6f-a5c4-1d2e3f4a5b6c'
    expect(visitorCode(id)).toMatch(/^[0-9A-F]{4}$/)
    expect(visitorCode(id)).toBe(visitorCode(id))
  })

  it('gives customers whose ids differ in one digit different codes', () => {
    expect(new Set(ids.map(visitorCode)).size).toBeGreaterThan(195)
  })

  it('spreads avatar colours over the whole palette, the same colour for the same id', () => {
    expect(new Set(ids.map(avatarColourOf))).toEqual(new Set(AVATAR_COLOURS))
    expect(avatarColourOf(ids[7]!)).toBe(avatarColourOf(ids[7]!))
  })

  it('uses the colour an agent chose, and their own one when they chose none or one no longer offered', () => {
    const id = ids[3]!
    expect(agentAvatarColour({ id, avatarColour: 'teal' })).toBe('teal')
    expect(agentAvatarColour({ id, avatarColour: null })).toBe(avatarColourOf(id))
    expect(agentAvatarColour({ id, avatarColour: 'chartreuse' })).toBe(avatarColourOf(id))
  })
})

describe('who a visitor is (identifyVisitor, issue 10, part 4)', () => {
  const verified = { secretConfigured: true, verified: true }

  it('a verified user reaches their contact, or becomes a new one', () => {
    expect(identifyVisitor(verified, { contactId: 'c-1' })).toEqual({ ok: true, value: { contactId: 'c-1' } })
    expect(identifyVisitor(verified, null)).toEqual({ ok: true, value: { contactId: null } })
  })

  it('a claim that does not verify reaches nobody, whoever it names', () => {
    expect(outcome(identifyVisitor({ secretConfigured: true, verified: false }, { contactId: 'c-1' }))).toBe(
      'IDENTITY_UNVERIFIED',
    )
  })

  it('without a secret nothing can be verified', () => {
    expect(outcome(identifyVisitor({ secretConfigured: false, verified: true }, { contactId: 'c-1' }))).toBe(
      'IDENTITY_UNVERIFIED',
    )
  })
})
