import { MAX_ATTACHMENTS_PER_MESSAGE } from './attachment.rules.ts'
import { fail, ok, type Result } from './result.ts'
import { cleanText, isBlank } from './text.rules.ts'
import type { Visibility } from './visibility.rules.ts'

/** Long enough for any real answer, short enough that one message cannot bloat a thread or an email. */
export const MAX_MESSAGE_LENGTH = 10_000

/**
 * A message body as it will be stored: control characters removed, trimmed, something visible in it,
 * bounded. (Broken characters are refused before this, with the input: text.rules.ts.)
 */
/** A message needs words or files; with files, the words may be left out. */
export function validateMessageBody(body: string, options: { attachments?: number } = {}): Result<string> {
  const trimmed = cleanText(body).trim()
  const attachments = options.attachments ?? 0
  if (attachments > MAX_ATTACHMENTS_PER_MESSAGE) {
    return fail('TOO_MANY_ATTACHMENTS', `A message can carry at most ${MAX_ATTACHMENTS_PER_MESSAGE} files.`)
  }
  if (isBlank(trimmed)) {
    return attachments > 0 ? ok('') : fail('EMPTY_MESSAGE', 'A message cannot be empty.')
  }
  if (trimmed.length > MAX_MESSAGE_LENGTH) {
    return fail('MESSAGE_TOO_LONG', `A message can have at most ${MAX_MESSAGE_LENGTH} characters.`)
  }
  return ok(trimmed)
}

/** Rule 5: messages are immutable — there is no edit or delete, for anyone. */
export function changeMessage(): Result {
  return fail('MESSAGES_IMMUTABLE', 'Sent messages cannot be edited or deleted.')
}

/** The one-line preview in lists and notifications. */
export function previewOf(body: string, maxLength = 140): string {
  const line = body.replace(/\s+/g, ' ').trim()
  if (line.length <= maxLength) return line
  let end = maxLength - 1
  // Never cut an emoji (a surrogate pair) in half: a lone surrogate shows as garbage.
  if (/[\uD800-\uDBFF]/.test(line.charAt(end - 1))) end -= 1
  return `${line.slice(0, end)}…`
}

export interface SendAttempt {
  authorKind: 'agent' | 'customer' | 'system'
  authorId: string | null
  visibility: Visibility
}

/**
 * Sending is idempotent by client id, but only for the same author with the same visibility: anyone
 * else reusing a client id must not be handed the stored message — it may be someone's note (rule 1).
 */
export function isRetryOf(stored: SendAttempt, attempt: SendAttempt): boolean {
  return (
    stored.authorKind === attempt.authorKind &&
    stored.authorId !== null &&
    stored.authorId === attempt.authorId &&
    stored.visibility === attempt.visibility
  )
}
