import { t } from '../i18n/index.ts'
import type { ContactDTO, ConversationDTO, TicketPriority, TicketType } from './trpc.client.ts'

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean)
  const letters = parts.length > 1 ? [parts[0]?.[0], parts.at(-1)?.[0]] : [parts[0]?.[0], parts[0]?.[1]]
  return letters.filter(Boolean).join('').toUpperCase() || '?'
}

/** A customer's name, or for one who gave none the server's code for them: "Visitor 4F2A". */
export function contactName(contact: ContactDTO | null): string {
  if (!contact) return t('conversation.visitor')
  return contact.name || t('conversation.visitorCode', { code: contact.visitorCode })
}

/** Who the conversation is with, as the list and the header name it. */
export function conversationTitle(
  conversation: Pick<ConversationDTO, 'kind' | 'contact' | 'subject'>,
): string {
  if (conversation.kind === 'internal') return conversation.subject || t('conversation.internal')
  return contactName(conversation.contact)
}

/** The avatar's classes: a customer's colour comes from the server, like their visitor code. */
export function avatarClass(colour: ContactDTO['colour'] | undefined): string {
  return colour ? `avatar avatar--${colour}` : 'avatar'
}

export function ticketLabel(ticket: NonNullable<ConversationDTO['ticket']>): string {
  const key = ticket.type === 'task' ? 'conversation.task' : 'conversation.ticket'
  return t(key, { number: ticket.number })
}

/**
 * A message's idempotency key. randomUUID only exists in secure contexts; an install reached over plain
 * HTTP on a LAN address still needs unique ids, so fall back to the same format from getRandomValues.
 */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

const priorityKeys = {
  low: 'ticket.priorityLow',
  normal: 'ticket.priorityNormal',
  high: 'ticket.priorityHigh',
  urgent: 'ticket.priorityUrgent',
} as const satisfies Record<TicketPriority, string>

export function priorityLabel(priority: TicketPriority): string {
  return t(priorityKeys[priority])
}

const typeKeys = { ticket: 'ticket.typeTicket', task: 'ticket.typeTask' } as const satisfies Record<
  TicketType,
  string
>

export function ticketTypeLabel(type: TicketType): string {
  return t(typeKeys[type])
}
