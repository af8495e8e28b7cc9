import { describe, expect, it } from 'vitest'
import type { Actor } from './actor.ts'
import type { ConversationFacts } from './conversation.rules.ts'
import type { Result } from './result.ts'
import { createVideoSession, type VideoSettings, videoSessionsAvailable } from './video.rules.ts'

const admin = { kind: 'agent', id: 'ada', role: 'admin', support: true } as const
const supportAgent = { kind: 'agent', id: 'sam', role: 'agent', support: true } as const
const plainAgent = { kind: 'agent', id: 'paula', role: 'agent', support: false } as const
const assignedAgent = { kind: 'agent', id: 'anna', role: 'agent', support: true } as const
const customer = { kind: 'customer', contactId: 'c-1', blocked: false } as const
const anotherCustomer = { kind: 'customer', contactId: 'c-2', blocked: false } as const
const blockedCustomer = { kind: 'customer', contactId: 'c-1', blocked: true } as const
const system = { kind: 'system' } as const

function conversation(overrides: Partial<ConversationFacts> = {}): ConversationFacts {
  return {
    kind: 'support',
    status: 'open',
    contactId: customer.contactId,
    assigneeId: assignedAgent.id,
    createdById: null,
    memberIds: [],
    ticket: null,
    trashed: false,
    ...overrides,
  }
}

const enabled: VideoSettings = { organisationEnabled: true, inboxEnabled: true }

function outcome(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.error.code
}

describe('where video sessions are offered (videoSessionsAvailable)', () => {
  it('shows the button where video is enabled for the organisation and the inbox', () => {
    expect(videoSessionsAvailable({ organisationEnabled: true, inboxEnabled: true })).toBe(true)
  })

  it.each<[string, VideoSettings]>([
    ['the inbox', { organisationEnabled: true, inboxEnabled: false }],
    ['the organisation', { organisationEnabled: false, inboxEnabled: true }],
    ['both', { organisationEnabled: false, inboxEnabled: false }],
  ])('hides the button where video is disabled for %s', (_, settings) => {
    expect(videoSessionsAvailable(settings)).toBe(false)
  })
})

describe('creating a video session (createVideoSession)', () => {
  it.each<[string, Actor]>([
    ['the assigned agent', assignedAgent],
    ['a support agent', supportAgent],
    ['an admin', admin],
  ])('%s starts a session that is open', (_, agent) => {
    expect(createVideoSession(conversation(), agent, enabled)).toEqual({
      ok: true,
      value: { status: 'open' },
    })
  })

  it('a plain agent may start one in a conversation they are part of', () => {
    expect(createVideoSession(conversation({ memberIds: [plainAgent.id] }), plainAgent, enabled).ok).toBe(
      true,
    )
  })

  it.each<[string, VideoSettings]>([
    ['the organisation', { organisationEnabled: false, inboxEnabled: true }],
    ['the inbox', { organisationEnabled: true, inboxEnabled: false }],
    ['both', { organisationEnabled: false, inboxEnabled: false }],
  ])('is refused when video is disabled for %s (VIDEO_DISABLED)', (_, settings) => {
    expect(outcome(createVideoSession(conversation(), assignedAgent, settings))).toBe('VIDEO_DISABLED')
  })

  it.each<[string, Actor]>([
    ['the customer', customer],
    ['another customer', anotherCustomer],
    ['a blocked customer', blockedCustomer],
    ['the system', system],
  ])('%s cannot start a session (AGENTS_ONLY)', (_, actor) => {
    expect(outcome(createVideoSession(conversation(), actor, enabled))).toBe('AGENTS_ONLY')
  })

  it('is refused in an internal conversation (INTERNAL_CONVERSATION)', () => {
    const internal = conversation({
      kind: 'internal',
      contactId: null,
      assigneeId: null,
      memberIds: ['anna'],
    })
    expect(outcome(createVideoSession(internal, assignedAgent, enabled))).toBe('INTERNAL_CONVERSATION')
  })

  it('is refused to an agent who cannot see the conversation (NOT_VISIBLE)', () => {
    expect(outcome(createVideoSession(conversation(), plainAgent, enabled))).toBe('NOT_VISIBLE')
    expect(outcome(createVideoSession(conversation({ trashed: true }), assignedAgent, enabled))).toBe(
      'NOT_VISIBLE',
    )
  })
})
