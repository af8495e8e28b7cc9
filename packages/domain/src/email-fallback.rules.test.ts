import { describe, expect, it } from 'vitest'
import {
  agentsToTell,
  DEFAULT_EMAIL_FALLBACK_MS,
  type FallbackAgent,
  type FallbackConversation,
  type FallbackMessage,
  type FallbackRecipient,
  fallbackBatch,
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

describe('system updates', () => {
  it('are never emailed, to anyone', () => {
    expect(needsEmailFallback(message({ system: true }), customer(), null, afterDelay)).toBe(false)
    expect(needsEmailFallback(message({ system: true }), agent, null, afterDelay)).toBe(false)
  })
})

describe('which agents a message is for (agentsToTell)', () => {
  const anna: FallbackAgent = { id: 'anna', name: 'Anna Weber', seesSupport: true }
  const ben: FallbackAgent = { id: 'ben', name: 'Ben', seesSupport: true }
  const carl: FallbackAgent = { id: 'carl', name: 'Carl', seesSupport: false }
  const team = [anna, ben, carl]
  const support = (overrides: Partial<FallbackConversation> = {}): FallbackConversation => ({
    kind: 'support',
    assigneeId: null,
    memberIds: [],
    ...overrides,
  })
  const fromCustomer = { authorAgentId: null, body: 'Hello?' }

  it('tells nobody of an unassigned chat nobody is part of: the inbox shows it', () => {
    expect(agentsToTell(fromCustomer, support(), team)).toEqual([])
  })

  it('tells the assignee, the participants and the followers', () => {
    expect(agentsToTell(fromCustomer, support({ assigneeId: 'anna', memberIds: ['carl'] }), team)).toEqual([
      'anna',
      'carl',
    ])
  })

  it('never tells the author of their own message', () => {
    expect(
      agentsToTell({ authorAgentId: 'anna', body: 'Done' }, support({ assigneeId: 'anna' }), team),
    ).toEqual([])
  })

  it('tells a colleague @mentioned in a support conversation, if they may open it (rule 9)', () => {
    const note = { authorAgentId: 'anna', body: '@Ben can you check, and @Carl too?' }
    expect(agentsToTell(note, support({ assigneeId: 'anna' }), team)).toEqual(['ben'])
  })

  it('takes no @mention from a customer: they cannot summon the team by typing names', () => {
    expect(agentsToTell({ authorAgentId: null, body: '@Ben help' }, support(), team)).toEqual([])
  })

  it('tells only the members of an internal conversation (rule 8), mentioned or not', () => {
    const internal = support({ kind: 'internal', memberIds: ['anna', 'carl'] })
    expect(agentsToTell({ authorAgentId: 'anna', body: '@Ben look' }, internal, team)).toEqual(['carl'])
  })
})

describe('one mail per conversation and recipient (fallbackBatch)', () => {
  it('takes what the recipient has not seen of the batch, notes left out for customers', () => {
    const batch = [
      message({ createdAt: at(0), ownMessage: true }),
      message({ createdAt: at(1_000) }),
      message({ createdAt: at(2_000), visibility: 'internal' }),
      message({ createdAt: at(3_000) }),
    ]
    expect(fallbackBatch(batch, customer(), null).map((m) => m.createdAt)).toEqual([at(1_000), at(3_000)])
    expect(fallbackBatch(batch, agent, at(1_500)).map((m) => m.createdAt)).toEqual([at(2_000), at(3_000)])
  })

  it('counts what came before the recipient’s own message as seen: they answered it', () => {
    const batch = [
      message({ createdAt: at(0) }),
      message({ createdAt: at(1_000), ownMessage: true }),
      message({ createdAt: at(2_000) }),
    ]
    expect(fallbackBatch(batch, agent, null).map((m) => m.createdAt)).toEqual([at(2_000)])
  })

  it('is empty for a customer online in the chat, or without an address', () => {
    expect(fallbackBatch([message()], customer({ onlineInChat: true }), null)).toEqual([])
    expect(fallbackBatch([message()], customer({ email: null }), null)).toEqual([])
  })
})
