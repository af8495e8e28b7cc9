import { describe, expect, it } from 'vitest'
import {
  DEFAULT_MISSED_AFTER_MS,
  missedByWaitingAt,
  type StatusDotFacts,
  statusDot,
} from './status-dot.rules.ts'

const T0 = new Date('2025-03-01T10:00:00.000Z')
/** A fixed moment `ms` after T0; no test reads the real clock. */
const at = (ms: number) => new Date(T0.getTime() + ms)
const seconds = (s: number) => s * 1000

const me = 'anna'

/** An open customer conversation, unassigned, whose customer wrote at T0. */
function facts(overrides: Partial<StatusDotFacts> = {}): StatusDotFacts {
  return {
    kind: 'support',
    status: 'open',
    assigneeId: null,
    lastAuthorKind: 'customer',
    lastMessageAt: T0,
    lastCustomerMessageAt: T0,
    assigneeOnline: false,
    ...overrides,
  }
}

const neverOpened = { agentId: me, readAt: null }
const openedAt = (ms: number) => ({ agentId: me, readAt: at(ms) })

describe('status dots (statusDot)', () => {
  it('waits 30 seconds before a conversation counts as missed', () => {
    expect(DEFAULT_MISSED_AFTER_MS).toBe(30_000)
  })

  describe('"New" (purple) for a new unassigned conversation', () => {
    it('shows until the agent opens it', () => {
      expect(statusDot(facts(), neverOpened, at(seconds(5)))).toBe('new')
    })

    it('is gone once the agent has opened it', () => {
      expect(statusDot(facts(), openedAt(seconds(2)), at(seconds(5)))).toBeNull()
    })

    it('is gone when the agent opened it at the very moment of the last message', () => {
      expect(statusDot(facts(), openedAt(0), at(seconds(5)))).toBeNull()
    })

    it('comes back when a message arrives after the agent last opened it', () => {
      const later = facts({ lastMessageAt: at(seconds(10)), lastCustomerMessageAt: at(seconds(10)) })
      expect(statusDot(later, openedAt(seconds(1)), at(seconds(12)))).toBe('new')
    })

    it('shows for an unassigned conversation without messages that nobody opened yet', () => {
      const empty = facts({ lastAuthorKind: null, lastCustomerMessageAt: null })
      expect(statusDot(empty, neverOpened, at(seconds(60)))).toBe('new')
    })
  })

  describe('"New" (purple) for a conversation assigned to me', () => {
    const mine = facts({ assigneeId: me, assigneeOnline: true })

    it('shows when the customer wrote and I have not opened it since', () => {
      expect(statusDot(mine, openedAt(-seconds(60)), at(seconds(5)))).toBe('new')
      expect(statusDot(mine, neverOpened, at(seconds(5)))).toBe('new')
    })

    it('is gone once I open it', () => {
      expect(statusDot(mine, openedAt(seconds(1)), at(seconds(5)))).toBeNull()
    })

    it('is gone when I opened it at the very moment the customer wrote', () => {
      const myReplyLater = facts({
        assigneeId: me,
        assigneeOnline: true,
        lastAuthorKind: 'agent',
        lastMessageAt: at(seconds(3)),
      })
      expect(statusDot(myReplyLater, openedAt(0), at(seconds(5)))).toBeNull()
    })

    it('does not show for my own reply that I have not "opened"', () => {
      const myReply = facts({
        assigneeId: me,
        assigneeOnline: true,
        lastAuthorKind: 'agent',
        lastMessageAt: at(seconds(20)),
        lastCustomerMessageAt: T0,
      })
      expect(statusDot(myReply, openedAt(seconds(10)), at(seconds(60)))).toBeNull()
    })

    it('does not show when the customer never wrote', () => {
      const agentStarted = facts({
        assigneeId: me,
        assigneeOnline: true,
        lastAuthorKind: 'agent',
        lastCustomerMessageAt: null,
      })
      expect(statusDot(agentStarted, neverOpened, at(seconds(60)))).toBeNull()
    })

    it('does not show for other agents while it waits for its assignee', () => {
      const annas = facts({ assigneeId: 'otto', assigneeOnline: true })
      expect(statusDot(annas, neverOpened, at(seconds(5)))).toBeNull()
    })
  })

  describe('"Missed" (red)', () => {
    it('shows once nobody replied to the customer within the wait, exactly at 30 s', () => {
      expect(statusDot(facts(), neverOpened, at(DEFAULT_MISSED_AFTER_MS))).toBe('missed')
    })

    it('does not show 1 ms before the wait runs out', () => {
      expect(statusDot(facts(), neverOpened, at(DEFAULT_MISSED_AFTER_MS - 1))).toBe('new')
    })

    it('honours a configured wait (MISSED_AFTER_MS)', () => {
      expect(statusDot(facts(), neverOpened, at(seconds(9)), seconds(10))).toBe('new')
      expect(statusDot(facts(), neverOpened, at(seconds(10)), seconds(10))).toBe('missed')
    })

    it('outranks "New" and shows even after the agent opened the conversation', () => {
      expect(statusDot(facts(), openedAt(seconds(40)), at(seconds(45)))).toBe('missed')
    })

    it('shows to every agent, not only the assignee', () => {
      const annas = facts({ assigneeId: 'otto', assigneeOnline: true })
      expect(statusDot(annas, neverOpened, at(seconds(31)))).toBe('missed')
    })

    it('shows at once when the customer wrote and the assigned agent is offline', () => {
      const offline = facts({ assigneeId: me, assigneeOnline: false })
      expect(statusDot(offline, neverOpened, at(seconds(1)))).toBe('missed')
      expect(statusDot(offline, openedAt(seconds(1)), at(seconds(1)))).toBe('missed')
    })

    it('clears when the assigned agent comes online before the wait runs out', () => {
      const online = facts({ assigneeId: me, assigneeOnline: true })
      expect(statusDot(online, openedAt(seconds(2)), at(seconds(5)))).toBeNull()
    })

    it('stays when the assigned agent comes online after the wait without replying', () => {
      const online = facts({ assigneeId: me, assigneeOnline: true })
      expect(statusDot(online, openedAt(seconds(2)), at(seconds(31)))).toBe('missed')
    })

    it('clears with a reply to the customer', () => {
      const replied = facts({
        assigneeId: me,
        assigneeOnline: true,
        lastAuthorKind: 'agent',
        lastMessageAt: at(seconds(40)),
      })
      expect(statusDot(replied, openedAt(seconds(40)), at(seconds(90)))).toBeNull()
    })

    it('does not show after a reply even when the assigned agent has gone offline', () => {
      const replied = facts({
        assigneeId: me,
        assigneeOnline: false,
        lastAuthorKind: 'agent',
        lastMessageAt: at(seconds(40)),
      })
      expect(statusDot(replied, openedAt(seconds(40)), at(seconds(90)))).toBeNull()
    })
  })

  describe('no dot', () => {
    it.each([
      ['a closed conversation the customer is waiting in', facts({ status: 'closed' })],
      ['a closed conversation assigned to an offline agent', facts({ status: 'closed', assigneeId: me })],
      ['an internal conversation', facts({ kind: 'internal' })],
    ])('for %s', (_, conversation) => {
      expect(statusDot(conversation, neverOpened, at(seconds(120)))).toBeNull()
    })
  })
})

describe('when waiting turns a conversation red (missedByWaitingAt)', () => {
  it("is the customer's last message plus the wait, the moment statusDot turns missed", () => {
    const due = missedByWaitingAt(facts(), seconds(30))
    expect(due).toEqual(at(seconds(30)))
    expect(statusDot(facts(), openedAt(1), new Date(due!.getTime() - 1), seconds(30))).toBeNull()
    expect(statusDot(facts(), openedAt(1), due!, seconds(30))).toBe('missed')
  })

  it('never comes while an agent has the last word, the conversation is closed, or it is internal', () => {
    expect(missedByWaitingAt(facts({ lastAuthorKind: 'agent' }))).toBeNull()
    expect(missedByWaitingAt(facts({ status: 'closed' }))).toBeNull()
    expect(missedByWaitingAt(facts({ kind: 'internal' }))).toBeNull()
    expect(missedByWaitingAt(facts({ lastCustomerMessageAt: null }))).toBeNull()
  })
})
