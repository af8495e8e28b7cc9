import type { Contact, Conversation, Message } from '@parley/db'
import type { MailAddress, NotifiedMessage } from '@parley/mail'

/**
 * What every mail about a conversation says the same way: its title, who wrote each message, whom it
 * is to, and the link back. Messages need `authorAgent` loaded.
 */

/**
 * A ticket's title or the subject; else, for the team, the customer's name. A customer is never told
 * their conversation is called by their own name: theirs is the helpdesk's.
 */
export function conversationTitleOf(
  conversation: Conversation,
  organisationName: string,
  reader: 'agent' | 'customer',
): string {
  const own = conversation.ticketTitle ?? conversation.subject
  if (own) return own
  return (reader === 'agent' ? conversation.contact?.name : null) ?? organisationName
}

/** The messages as a mail lists them: an agent by name (the helpdesk's if gone), the customer by theirs. */
export function notifiedMessagesOf(
  messages: readonly Message[],
  organisationName: string,
  customerName: string,
): NotifiedMessage[] {
  return messages.map((message) => ({
    authorName:
      message.authorKind === 'agent' ? (message.authorAgent?.name ?? organisationName) : customerName,
    sentAt: message.createdAt,
    body: message.body,
    internal: message.visibility === 'internal',
  }))
}

export const mailboxOf = (person: { email: string; name?: string | null }): MailAddress =>
  person.name ? { address: person.email, name: person.name } : { address: person.email }

/** An absolute link into the agent app (`/c/<id>`) or the chat (`/chat/c/<id>`), from PUBLIC_URL. */
export function conversationLinkOf(publicUrl: string, conversationId: string, reader: 'agent' | 'customer') {
  const path = reader === 'agent' ? `/c/${conversationId}` : `/chat/c/${conversationId}`
  return new URL(path, publicUrl || 'http://localhost').href
}

export const customerNameOf = (contact: Contact | null | undefined, fallback: string): string =>
  contact?.name ?? contact?.email ?? fallback
