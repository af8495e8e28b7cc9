import { describe, expect, it } from 'vitest'
import { agentPresence, helpdeskStatus } from './availability.rules.ts'

describe('the helpdesk as the customer sees it (helpdeskStatus)', () => {
  it.each([
    ['switched on, someone answering customers is online', true, 2, 'online'],
    ['switched on, nobody online', true, 0, 'offline'],
    ['switched off by an admin, even with agents online', false, 3, 'offline'],
    ['switched off and nobody online', false, 0, 'offline'],
  ] as const)('%s → %s', (_, switchedOn, customerAgentsOnline, expected) => {
    expect(helpdeskStatus({ switchedOn, customerAgentsOnline })).toBe(expected)
  })
})

describe('an agent as colleagues see them (agentPresence)', () => {
  it.each([
    ['the inbox open and in use', true, true, 'online'],
    ['the inbox open, unused or hidden', true, false, 'away'],
    ['no inbox open', false, false, 'offline'],
    // A tab reports use only over its inbox connection: without one, nothing counts.
    ['no inbox open, whatever a stale tab said', false, true, 'offline'],
  ] as const)('%s → %s', (_, inboxOpen, inUse, expected) => {
    expect(agentPresence({ inboxOpen, inUse })).toBe(expected)
  })
})
