import type { Actor } from './actor.ts'
import { type ConversationFacts, canView } from './conversation.rules.ts'
import { fail, ok, type Result } from './result.ts'

export interface VideoSettings {
  organisationEnabled: boolean
  inboxEnabled: boolean
}

/** Rule 13: the button exists only where enabled; the API refuses otherwise. */
export function videoSessionsAvailable(settings: VideoSettings): boolean {
  return settings.organisationEnabled && settings.inboxEnabled
}

/** Rule 13: a session starts `open`, linked to the conversation; the join link is posted to the customer. */
export function createVideoSession(
  conversation: ConversationFacts,
  actor: Actor,
  settings: VideoSettings,
): Result<{ status: 'open' }> {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Only agents start video sessions.')
  if (!videoSessionsAvailable(settings)) {
    return fail('VIDEO_DISABLED', 'Video sessions are not enabled for this inbox.')
  }
  const visible = canView(conversation, actor)
  if (!visible.ok) return visible
  if (conversation.kind !== 'support') {
    return fail('INTERNAL_CONVERSATION', 'Video sessions are for customer conversations.')
  }
  return ok({ status: 'open' })
}
