import type { Actor } from './actor.ts'
import { type ConversationFacts, canNote, canReply } from './conversation.rules.ts'
import type { DomainErrorCode, Result } from './result.ts'

/**
 * Issue 11, part 4: an agent's reply by email is a reply only where rule 2 lets them reply; where it
 * does not only because the conversation is not theirs to answer (not assigned to them, on offer, a
 * closed ticket), it is kept as an internal note (rule 3), and `because` says why for the mail that
 * tells them. Where they may not even note (not visible, in Trash) it is refused.
 */
export type EmailReplyAs = { as: 'reply' } | { as: 'note'; because: DomainErrorCode }

const NOTE_INSTEAD: readonly DomainErrorCode[] = ['NOT_ASSIGNED', 'OFFER_PENDING', 'TICKET_CLOSED']

export function agentEmailReply(conversation: ConversationFacts, actor: Actor): Result<EmailReplyAs> {
  const reply = canReply(conversation, actor)
  if (reply.ok) return { ok: true, value: { as: 'reply' } }
  if (!NOTE_INSTEAD.includes(reply.error.code)) return reply
  const note = canNote(conversation, actor)
  return note.ok ? { ok: true, value: { as: 'note', because: reply.error.code } } : note
}

/**
 * Rule 12 "as that person": a reply is theirs only when it comes from the address the token's mail was
 * sent to. Addresses are compared without regard to case (as mail systems treat them in practice).
 */
export function isFromRecipient(recipientEmail: string | null | undefined, from: string | null): boolean {
  if (!recipientEmail || !from) return false
  return recipientEmail.trim().toLowerCase() === from.trim().toLowerCase()
}
