import { describe, expect, it } from 'vitest'
import type { Actor } from './actor.ts'
import type { ConversationFacts } from './conversation.rules.ts'
import {
  admin,
  assignedAgent,
  customersAndSystem,
  outcome,
  plainAgent,
  supportAgent,
  supportConversation,
} from './test-cast.ts'
import { createVideoSession, type VideoSettings, videoSessionsAvailable } from './video.rules.ts'

/** A live chat of `customer`, assigned to Anna. */
function conversation(overrides: Partial<ConversationFacts> = {}): ConversationFacts {
  return supportConversation({ assigneeId: assignedAgent.id, ...overrides })
}

const enabled: VideoSettings = { organisationEnabled: true, inboxEnabled: true }

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

  it.each(customersAndSystem)('%s cannot start a session (AGENTS_ONLY)', (_, actor) => {
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
