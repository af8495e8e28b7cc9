import {
  type Agent,
  type Contact,
  type EntityManager,
  InboxReadModel,
  type InboxRow,
  type Message,
  ReadMarker,
  type StoredMessage,
} from '@parley/db'
import {
  type AgentActor,
  type AvatarColour,
  agentAvatarColour,
  avatarColourOf,
  type ConversationFacts,
  type CustomerActor,
  customerCanPost,
  handlesCustomers,
  type StatusDot,
  type StatusDotFacts,
  type StatusDotViewer,
  type SystemEvent,
  statusDot,
  unreadCriteria,
  visitorCode,
} from '@parley/domain'
import type { ApiDeps } from './context.ts'
import { factsOfSnapshot, type LoadedConversation } from './conversation-facts.ts'
import { presenceKey } from './presence.ts'

/** What crosses the wire. Never an entity (STYLE 8). */
export interface AgentDTO {
  id: string
  email: string
  name: string
  role: 'admin' | 'agent'
  support: boolean
  colour: AvatarColour
  online: boolean
  /** Rule 9, decided by the domain: whether "From customers" is offered to this agent. */
  seesCustomerInbox: boolean
  /** The inbox as this agent arranged it; null until they do. */
  layout: AgentLayout | null
}

export interface AgentLayout {
  listWidth: number
  enlarged: boolean
}

export interface ContactDTO {
  id: string
  name: string | null
  email: string | null
  blocked: boolean
  /** Tells nameless customers apart ("Visitor 4F2A"); the same in every list and both apps. */
  visitorCode: string
  colour: AvatarColour
}

/** A stored message as both apps receive it; `body` is Markdown source, rendered by @parley/markdown. */
export type MessageDTO = Omit<StoredMessage, 'system'> & { system: SystemEvent | null }

export interface TicketDTO {
  number: number
  title: string
  type: 'ticket' | 'task'
  priority: 'low' | 'normal' | 'high' | 'urgent'
}

export interface ConversationDTO {
  id: string
  kind: 'support' | 'internal'
  status: 'open' | 'closed'
  subject: string | null
  contact: ContactDTO | null
  assignee: { id: string; name: string } | null
  ticket: TicketDTO | null
  lastMessageAt: Date
  preview: string | null
  dot: StatusDot | null
  unread: number
  createdAt: Date
}

/** The customer's view of a conversation: nothing here may hint at an internal note (rule 1). */
export interface CustomerConversationDTO {
  id: string
  status: 'open' | 'closed'
  isTicket: boolean
  ticket: { number: number; title: string } | null
  assignee: { name: string } | null
  canPost: boolean
  lastMessageAt: Date
  preview: string | null
  unread: number
}

export function toAgentDTO(agent: Agent, online: boolean): AgentDTO {
  return {
    id: agent.id,
    email: agent.email,
    name: agent.name,
    role: agent.role,
    support: agent.support,
    colour: agentAvatarColour({ id: agent.id, avatarColour: agent.avatarColour ?? null }),
    online,
    seesCustomerInbox: handlesCustomers({
      kind: 'agent',
      id: agent.id,
      role: agent.role,
      support: agent.support,
    }),
    layout: agent.layout ?? null,
  }
}

/** From the entity or from a read model's row: how a contact looks is decided here only. */
export function toContactDTO(
  contact: Pick<Contact, 'id' | 'blocked'> & { name?: string | null; email?: string | null },
): ContactDTO {
  return {
    id: contact.id,
    name: contact.name ?? null,
    email: contact.email ?? null,
    blocked: contact.blocked,
    visitorCode: visitorCode(contact.id),
    colour: avatarColourOf(contact.id),
  }
}

export function toMessageDTO(message: Message, conversationId: string): MessageDTO {
  const author =
    message.authorKind === 'agent' && message.authorAgent
      ? { id: message.authorAgent.id, name: message.authorAgent.name }
      : message.authorKind === 'customer' && message.authorContact
        ? { id: message.authorContact.id, name: message.authorContact.name ?? '' }
        : null
  return {
    id: message.id,
    conversationId,
    clientId: message.clientId ?? null,
    authorKind: message.authorKind,
    author,
    visibility: message.visibility,
    kind: message.kind,
    body: message.body,
    system: (message.system as SystemEvent | null | undefined) ?? null,
    attachments: message.attachments ?? [],
    createdAt: message.createdAt,
  }
}

function ticketOf(facts: ConversationFacts): TicketDTO | null {
  return facts.ticket ? { ...facts.ticket } : null
}

/** Rule 11's dot for one agent; whether the assignee is online is the server's own knowledge. */
export function dotFor(
  deps: ApiDeps,
  facts: Omit<StatusDotFacts, 'assigneeOnline'>,
  viewer: StatusDotViewer,
  now: Date,
): StatusDot | null {
  const assigneeOnline = facts.assigneeId
    ? deps.presence.isOnline(presenceKey.agent(facts.assigneeId))
    : false
  return statusDot({ ...facts, assigneeOnline }, viewer, now, deps.settings.missedAfterMs)
}

/** The agent's view of conversations, with per-viewer dots and unread counts, in one batch. */
export async function toConversationDTOs(
  em: EntityManager,
  deps: ApiDeps,
  actor: AgentActor,
  loaded: LoadedConversation[],
): Promise<ConversationDTO[]> {
  if (loaded.length === 0) return []
  const agentId = actor.id
  const ids = loaded.map((l) => l.conversation.id)
  const [markers, unreadCounts] = await Promise.all([
    em.find(ReadMarker, { agent: agentId, conversation: { $in: ids } }),
    InboxReadModel.of(deps.orm).unreadCounts({ agentId }, unreadCriteria(actor), ids),
  ])
  const readAt = new Map(markers.map((m) => [m.conversation.id, m.readAt]))
  const now = deps.now()
  return loaded.map(({ conversation, facts }) => {
    const read = readAt.get(conversation.id) ?? null
    const unread = unreadCounts.get(conversation.id) ?? 0
    const dot = dotFor(
      deps,
      {
        kind: conversation.kind,
        status: conversation.status,
        assigneeId: facts.assigneeId,
        lastAuthorKind: conversation.lastAuthorKind ?? null,
        lastMessageAt: conversation.lastMessageAt,
        lastCustomerMessageAt: conversation.lastCustomerMessageAt ?? null,
      },
      { agentId, readAt: read },
      now,
    )
    return {
      id: conversation.id,
      kind: conversation.kind,
      status: conversation.status,
      subject: conversation.subject ?? null,
      contact: conversation.contact ? toContactDTO(conversation.contact) : null,
      assignee: conversation.assignee
        ? { id: conversation.assignee.id, name: conversation.assignee.name }
        : null,
      ticket: ticketOf(facts),
      lastMessageAt: conversation.lastMessageAt,
      preview: conversation.lastPreview ?? null,
      dot,
      unread,
      createdAt: conversation.createdAt,
    }
  })
}

/** The same entry as `toConversationDTOs` makes, from the inbox list's plain-SQL row. */
export function inboxEntryDTO(
  deps: ApiDeps,
  agentId: string,
  row: InboxRow,
  unread: number,
  now: Date,
): ConversationDTO {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    subject: row.subject,
    contact: row.contact ? toContactDTO(row.contact) : null,
    assignee: row.assigneeId ? { id: row.assigneeId, name: row.assigneeName ?? '' } : null,
    ticket: ticketOf(factsOfSnapshot(row)),
    lastMessageAt: row.lastMessageAt,
    preview: row.preview,
    dot: dotFor(deps, row, { agentId, readAt: row.readAt }, now),
    unread,
    createdAt: row.createdAt,
  }
}

/** The customer's view of their conversations, unread counts in one query for the whole list. */
export async function toCustomerConversationDTOs(
  deps: ApiDeps,
  loaded: LoadedConversation[],
  actor: CustomerActor,
): Promise<CustomerConversationDTO[]> {
  const unread = await InboxReadModel.of(deps.orm).unreadCounts(
    { contactId: actor.contactId },
    unreadCriteria(actor),
    loaded.map(({ conversation }) => conversation.id),
  )
  return loaded.map(({ conversation, facts }) => ({
    id: conversation.id,
    status: conversation.status,
    isTicket: facts.ticket !== null,
    ticket: facts.ticket ? { number: facts.ticket.number, title: facts.ticket.title } : null,
    assignee: conversation.assignee ? { name: conversation.assignee.name } : null,
    canPost: customerCanPost(facts, actor),
    lastMessageAt: conversation.lastPublicMessageAt ?? conversation.createdAt,
    preview: conversation.lastPublicPreview ?? null,
    unread: unread.get(conversation.id) ?? 0,
  }))
}

export async function toCustomerConversationDTO(
  deps: ApiDeps,
  loaded: LoadedConversation,
  actor: CustomerActor,
): Promise<CustomerConversationDTO> {
  const [dto] = await toCustomerConversationDTOs(deps, [loaded], actor)
  return dto!
}
