import { describe, expect, it } from 'vitest'
import {
  DEFAULT_EMAIL_FALLBACK_MS,
  type FallbackMessage,
  type FallbackRecipient,
  needsEmailFallback,
} from './email-fallback.rules.ts'

const T0 = new Date('2025-03-01T10:00:00.000Z')
/** A fixed moment `ms` after T0; no test reads the real clock. */
const at = (ms: number) => new Date(T0.getTime() + ms)
const afterDelay = at(DEFAULT_EMAIL_FALLBACK_MS)

function message(overrides: Partial<FallbackMessage> = {}): FallbackMessage {
  return { visibility: 'public', createdAt: T0, ownMessage: false, ...overrides }
}

function customer(
  overrides: Partial<Extract<FallbackRecipient, { kind: 'customer' }>> = {},
): FallbackRecipient {
  return { kind: 'customer', email: 'kim@example.com', onlineInChat: false, blocked: false, ...overrides }
}

const agent: FallbackRecipient = { kind: 'agent', email: 'anna@parley.example' }

describe('email fallback (needsEmailFallback)', () => {
  it('waits 60 seconds by default', () => {
    expect(DEFAULT_EMAIL_FALLBACK_MS).toBe(60_000)
  })

  describe('timing', () => {
    it('emails a reply the customer has not seen once the delay has passed, exactly at 60 s', () => {
      expect(needsEmailFallback(message(), customer(), null, afterDelay)).toBe(true)
    })

    it('does not email 1 ms before the delay has passed', () => {
      expect(needsEmailFallback(message(), customer(), null, at(DEFAULT_EMAIL_FALLBACK_MS - 1))).toBe(false)
      expect(needsEmailFallback(message(), agent, null, at(DEFAULT_EMAIL_FALLBACK_MS - 1))).toBe(false)
    })

    it('honours a configured delay (EMAIL_FALLBACK_MS)', () => {
      expect(needsEmailFallback(message(), customer(), null, at(4_999), 5_000)).toBe(false)
      expect(needsEmailFallback(message(), customer(), null, at(5_000), 5_000)).toBe(true)
    })
  })

  describe('seen messages', () => {
    it.each([
      ['after it arrived', at(10_000)],
      ['at the moment it arrived', T0],
    ])('does not email a message the recipient saw %s', (_, seenAt) => {
      expect(needsEmailFallback(message(), customer(), seenAt, afterDelay)).toBe(false)
      expect(needsEmailFallback(message(), agent, seenAt, afterDelay)).toBe(false)
    })

    it('emails a message that arrived after the recipient last looked', () => {
      expect(needsEmailFallback(message(), customer(), at(-1), afterDelay)).toBe(true)
      expect(needsEmailFallback(message(), agent, at(-1), afterDelay)).toBe(true)
    })
  })

  describe('customers', () => {
    it('never get an internal note by email', () => {
      expect(needsEmailFallback(message({ visibility: 'internal' }), customer(), null, afterDelay)).toBe(
        false,
      )
    })

    it('are not emailed while they are online in the chat', () => {
      expect(needsEmailFallback(message(), customer({ onlineInChat: true }), null, afterDelay)).toBe(false)
    })

    it('are not emailed when we have no email address for them', () => {
      expect(needsEmailFallback(message(), customer({ email: null }), null, afterDelay)).toBe(false)
    })

    it('are not emailed once blocked', () => {
      expect(needsEmailFallback(message(), customer({ blocked: true }), null, afterDelay)).toBe(false)
    })
  })

  describe('agents', () => {
    it.each(['public', 'internal'] as const)('get a %s message they have not seen by email', (visibility) => {
      expect(needsEmailFallback(message({ visibility }), agent, null, afterDelay)).toBe(true)
    })
  })

  it.each<[string, FallbackRecipient]>([
    ['a customer', customer()],
    ['an agent', agent],
  ])('%s is never emailed their own message', (_, recipient) => {
    expect(needsEmailFallback(message({ ownMessage: true }), recipient, null, at(3_600_000))).toBe(false)
  })
})
