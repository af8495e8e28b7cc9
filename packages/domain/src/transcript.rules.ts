import { fail, ok, type Result } from './result.ts'
import type { Visibility } from './visibility.rules.ts'

/** The most a transcript holds: a conversation longer than this is read in the chat. */
export const MAX_TRANSCRIPT_MESSAGES = 500

/**
 * Issue 11, part 6: a customer asks for their conversation by email. It goes to the address the contact
 * gave (never one typed with the request, so a transcript cannot be sent to someone else's inbox on
 * demand), and holds what the customer saw in the chat: replies and their own messages, never a note
 * (rule 1) and no system updates.
 */
export function transcriptOf<M extends { visibility: Visibility; kind: 'text' | 'system' }>(
  contact: { email: string | null; blocked: boolean },
  messages: readonly M[],
): Result<M[]> {
  // Rule 7's spirit: a blocked contact gets nothing more out of the helpdesk, a mailbox included.
  if (contact.blocked) return fail('CONTACT_BLOCKED', 'This chat is closed to you.')
  if (!contact.email) {
    return fail('NO_EMAIL_ADDRESS', 'We have no email address for you: add one to get the transcript.')
  }
  return ok(
    messages
      .filter((message) => message.visibility === 'public' && message.kind === 'text')
      .slice(-MAX_TRANSCRIPT_MESSAGES),
  )
}
