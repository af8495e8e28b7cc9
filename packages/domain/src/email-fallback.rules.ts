import type { Visibility } from './visibility.rules.ts'

/** Rule 12's 60 s default; configurable as EMAIL_FALLBACK_MS. */
export const DEFAULT_EMAIL_FALLBACK_MS = 60_000

export type FallbackRecipient =
  | { kind: 'customer'; email: string | null; onlineInChat: boolean; blocked: boolean }
  | { kind: 'agent'; email: string }

export interface FallbackMessage {
  visibility: Visibility
  createdAt: Date
  /** The recipient wrote it themselves. */
  ownMessage: boolean
}

/**
 * Rule 12: a message its recipient has not seen within the delay is emailed to them. Customers get
 * replies only (never notes, rule 1), and only while not online in the chat.
 */
export function needsEmailFallback(
  message: FallbackMessage,
  recipient: FallbackRecipient,
  seenAt: Date | null,
  now: Date,
  delayMs = DEFAULT_EMAIL_FALLBACK_MS,
): boolean {
  if (message.ownMessage) return false
  if (seenAt !== null && seenAt >= message.createdAt) return false
  if (now.getTime() - message.createdAt.getTime() < delayMs) return false
  if (recipient.kind === 'agent') return true
  return (
    message.visibility === 'public' &&
    recipient.email !== null &&
    !recipient.onlineInChat &&
    !recipient.blocked
  )
}
