import { describe, expect, it } from 'vitest'
import type { Actor } from './actor.ts'
import { attachmentVisibility } from './attachment.rules.ts'
import { systemEventVisibility } from './system-event.ts'
import { admin, blockedCustomer, customer, plainAgent, supportAgent, system } from './test-cast.ts'
import {
  countsAsUnread,
  isVisibleTo,
  type UnreadCandidate,
  unreadCriteria,
  type Visibility,
} from './visibility.rules.ts'

const reply = { visibility: 'public' as Visibility }
const note = { visibility: 'internal' as Visibility }

describe('who sees a reply or a note (isVisibleTo)', () => {
  it.each<[string, Actor]>([
    ['an admin', admin],
    ['a support agent', supportAgent],
    ['a plain agent', plainAgent],
    ['the customer', customer],
    ['a blocked customer', blockedCustomer],
    ['the system', system],
  ])('%s sees a reply', (_, viewer) => {
    expect(isVisibleTo(reply, viewer)).toBe(true)
  })

  it.each<[string, Actor]>([
    ['an admin', admin],
    ['a support agent', supportAgent],
    ['a plain agent', plainAgent],
    ['the system', system],
  ])('%s sees an internal note', (_, viewer) => {
    expect(isVisibleTo(note, viewer)).toBe(true)
  })

  it.each<[string, Actor]>([
    ['the customer', customer],
    ['a blocked customer', blockedCustomer],
  ])('%s never sees an internal note', (_, viewer) => {
    expect(isVisibleTo(note, viewer)).toBe(false)
  })

  it.each([
    ['a message', { id: 'm-1', body: 'Refund approved?', visibility: 'internal' as const }],
    ['a preview', { preview: 'Refund approved?', visibility: 'internal' as const }],
    ['a typing indicator while composing a note', { typing: true, visibility: 'internal' as const }],
    ['an unread count entry', { conversationId: 'k-1', visibility: 'internal' as const }],
  ])('a customer does not learn of a note through %s', (_, item) => {
    expect(isVisibleTo(item, customer)).toBe(false)
  })

  it('a customer sees the typing indicator of an agent composing a reply', () => {
    const typingReply = { typing: true, visibility: 'public' as const }
    expect(isVisibleTo(typingReply, customer)).toBe(true)
  })

  it('a customer cannot download an attachment of a note, but can one of a reply', () => {
    expect(isVisibleTo({ visibility: attachmentVisibility(note) }, customer)).toBe(false)
    expect(isVisibleTo({ visibility: attachmentVisibility(reply) }, customer)).toBe(true)
  })

  it('a customer sees who joined in their messenger, but not that an agent stepped away', () => {
    const joined = systemEventVisibility({ type: 'assigned', agentName: 'Anna' })
    const steppedAway = systemEventVisibility({ type: 'unassigned' })
    expect(isVisibleTo({ visibility: joined }, customer)).toBe(true)
    expect(isVisibleTo({ visibility: steppedAway }, customer)).toBe(false)
    expect(isVisibleTo({ visibility: steppedAway }, supportAgent)).toBe(true)
  })
})

describe('what counts as unread (countsAsUnread)', () => {
  const T0 = new Date('2025-03-01T10:00:00.000Z')
  const later = new Date(T0.getTime() + 1_000)
  const message = (overrides: Partial<UnreadCandidate> = {}): UnreadCandidate => ({
    visibility: 'public',
    causedBy: { kind: 'agent', id: 'someone-else' },
    createdAt: later,
    ...overrides,
  })

  it('counts what others wrote after the viewer last read, for agents and customers alike', () => {
    expect(countsAsUnread(message(), supportAgent, T0)).toBe(true)
    expect(countsAsUnread(message(), customer, T0)).toBe(true)
    expect(countsAsUnread(message(), customer, null)).toBe(true)
    expect(countsAsUnread(message({ createdAt: T0 }), customer, T0)).toBe(false)
  })

  it('never counts a note for a customer (rule 1), but does for an agent', () => {
    const note = message({ visibility: 'internal' })
    expect(countsAsUnread(note, customer, null)).toBe(false)
    expect(countsAsUnread(note, supportAgent, null)).toBe(true)
  })

  it('never counts what the viewer wrote or caused', () => {
    const ownReply = message({ causedBy: { kind: 'agent', id: supportAgent.id } })
    const customerMessage = message({ causedBy: { kind: 'customer', id: customer.contactId } })
    expect(countsAsUnread(ownReply, supportAgent, null)).toBe(false)
    expect(countsAsUnread(customerMessage, customer, null)).toBe(false)
    expect(countsAsUnread(customerMessage, supportAgent, null)).toBe(true)
  })

  it('counts a notice of what someone else did ("Anna joined"), or the system did', () => {
    expect(countsAsUnread(message(), customer, null)).toBe(true)
    expect(countsAsUnread(message({ causedBy: null }), supportAgent, null)).toBe(true)
  })

  it('gives the read models the same definition as data', () => {
    expect(unreadCriteria(customer)).toEqual({
      visibilities: ['public'],
      notCausedBy: { kind: 'customer', id: customer.contactId },
    })
    expect(unreadCriteria(supportAgent)).toEqual({
      visibilities: ['public', 'internal'],
      notCausedBy: { kind: 'agent', id: supportAgent.id },
    })
  })
})
