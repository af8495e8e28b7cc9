import {
  type Agent,
  type Contact,
  Conversation,
  type EntityManager,
  InboxReadModel,
  type InboxRow,
  type Message,
  ReadMarker,
  type StoredMessage,
} from '@parley/db'
import {
  type AgentActor,
  type AgentPresence,
  type AvatarColour,
  agentAvatarColour,
  avatarColourOf,
  type ConversationFacts,
  type CustomerActor,
  canReply,
  canView,
  customerCanPost,
  type DomainErrorCode,
  handlesCustomers,
  hasPendingOffer,
  isFollowing,
  isOfferedTo,
  type Result,
  type StatusDot,
  type StatusDotFacts,
  type StatusDotViewer,
  type SystemEvent,
  statusDot,
  unreadCriteria,
  visitorCode,
} from '@parley/domain'
import type { ApiDeps } from './context.ts'
import { factsOfSnapshot, type LoadedConversation, loadConversations } from './conversation-facts.ts'
import { agentPresenceOf, type Presence, presenceKey } from './presence.ts'

const refusalCode = (result: Result<unknown>): DomainErrorCode | null =>
  result.ok ? null : result.error.code

/** What crosses the wire. Never an entity (STYLE 8). */
export interface AgentDTO {
  id: string
  email: string
  name: string
  role: 'admin' | 'agent'
  support: boolean
  colour: AvatarColour
  /** As colleagues see them: online, away (the inbox open, unused), offline. */
  presence: AgentPresence
  /** Rule 9, decided by the domain: whether "From customers" is offered to this agent. */
  seesCustomerInbox: boolean
  /** The inbox as this agent arranged it; null until they do. */
  layout: AgentLayout | null
  /** Opt-in: off until the agent turns them on. */
  alerts: AgentAlerts
}

export interface AgentAlerts {
  desktop: boolean
  sound: boolean
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
  /** The team queue it is in (routing). */
  team: { id: string; name: string } | null
  /**
   * Rule 2's verdict for this agent, with its code (NOT_ASSIGNED, TICKET_CLOSED…), or null when they may
   * reply: pushed with every update, so the composer follows without refetching the thread.
   */
  replyRefusal: DomainErrorCode | null
  /** Whether this agent follows it (issue 9, part 4): the header offers "Follow" or "Unfollow". */
  following: boolean
  /** Rule 6: a pending offer, to this agent (`mine`: "Accept") or to others; null when not offered. */
  offer: 'mine' | 'others' | null
  ticket: TicketDTO | null
  lastMessageAt: Date
  preview: string | null
  dot: StatusDot | null
  unread: number
  /** When the customer last read it (issue 10): the thread marks the latest reply up to then "Seen". */
  seenByCustomerAt: Date | null
  createdAt: Date
}

/** The customer's view of a conversation: nothing here may hint at an internal note (rule 1). */
export interface CustomerConversationDTO {
  id: string
  status: 'open' | 'closed'
  isTicket: boolean
  ticket: { number: number; title: string } | null
  /** Given by the agent who started it (issue 9, part 6): words written for the customer. */
  subject: string | null
  assignee: { name: string } | null
  canPost: boolean
  lastMessageAt: Date
  preview: string | null
  unread: number
  /**
   * Issue 10: the time of the customer's latest message the team has read, which the chat marks "Seen";
   * null while none is. Never who read it, nor when: a read time could follow an internal note.
   */
  seenByTeamUpTo: Date | null
}

export function toAgentDTO(agent: Agent, presence: Presence): AgentDTO {
  return {
    id: agent.id,
    email: agent.email,
    name: agent.name,
    role: agent.role,
    support: agent.support,
    colour: agentAvatarColour({ id: agent.id, avatarColour: agent.avatarColour ?? null }),
    presence: agentPresenceOf(presence, agent.id),
    seesCustomerInbox: handlesCustomers({
      kind: 'agent',
      id: agent.id,
      role: agent.role,
      support: agent.support,
    }),
    layout: agent.layout ?? null,
    alerts: agent.alerts ?? { desktop: false, sound: false },
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

function offerFor(facts: ConversationFacts, actor: AgentActor): ConversationDTO['offer'] {
  if (!hasPendingOffer(facts)) return null
  return isOfferedTo(facts, actor) ? 'mine' : 'others'
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
    InboxReadModel.of(deps.orm).unreadCounts(
      { agentId },
      unreadCriteria(actor),
      ids,
      // One conversation (a pushed update): counted as of the row loaded, consistent with its last message.
      loaded.length === 1 ? loaded[0]!.conversation.lastMessageAt : null,
    ),
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
      team: conversation.team ? { id: conversation.team.id, name: conversation.team.name } : null,
      replyRefusal: refusalCode(canReply(facts, actor)),
      following: isFollowing(facts, agentId),
      offer: offerFor(facts, actor),
      ticket: ticketOf(facts),
      lastMessageAt: conversation.lastMessageAt,
      preview: conversation.lastPreview ?? null,
      dot,
      unread,
      seenByCustomerAt: conversation.contactLastReadAt ?? null,
      createdAt: conversation.createdAt,
    }
  })
}

/** The same entry as `toConversationDTOs` makes, from the inbox list's plain-SQL row. */
export function inboxEntryDTO(
  deps: ApiDeps,
  actor: AgentActor,
  row: InboxRow,
  unread: number,
  now: Date,
): ConversationDTO {
  const agentId = actor.id
  const facts = factsOfSnapshot(row)
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    subject: row.subject,
    contact: row.contact ? toContactDTO(row.contact) : null,
    assignee: row.assigneeId ? { id: row.assigneeId, name: row.assigneeName ?? '' } : null,
    team: row.teamId ? { id: row.teamId, name: row.teamName ?? '' } : null,
    replyRefusal: refusalCode(canReply(facts, actor)),
    following: isFollowing(facts, agentId),
    offer: offerFor(facts, actor),
    ticket: ticketOf(facts),
    lastMessageAt: row.lastMessageAt,
    preview: row.preview,
    dot: dotFor(deps, row, { agentId, readAt: row.readAt }, now),
    unread,
    seenByCustomerAt: row.contactLastReadAt,
    createdAt: row.createdAt,
  }
}

/** A list of read-model rows as the inbox shows them, the viewer's unread counts in one query. */
export async function inboxEntryDTOs(
  deps: ApiDeps,
  actor: AgentActor,
  rows: InboxRow[],
): Promise<ConversationDTO[]> {
  const unread = await InboxReadModel.of(deps.orm).unreadCounts(
    { agentId: actor.id },
    unreadCriteria(actor),
    rows.map((row) => row.id),
  )
  const now = deps.now()
  return rows.map((row) => inboxEntryDTO(deps, actor, row, unread.get(row.id) ?? 0, now))
}

/** One loaded conversation as `toConversationDTOs` makes it. */
export async function toConversationDTO(
  em: EntityManager,
  deps: ApiDeps,
  actor: AgentActor,
  loaded: LoadedConversation,
): Promise<ConversationDTO> {
  const [dto] = await toConversationDTOs(em, deps, actor, [loaded])
  return dto!
}

/** The customer's view of their conversations, unread counts and "Seen" in one query each for the whole list. */
export async function toCustomerConversationDTOs(
  deps: ApiDeps,
  loaded: LoadedConversation[],
  actor: CustomerActor,
): Promise<CustomerConversationDTO[]> {
  const ids = loaded.map(({ conversation }) => conversation.id)
  const model = InboxReadModel.of(deps.orm)
  const [unread, seen] = await Promise.all([
    model.unreadCounts({ contactId: actor.contactId }, unreadCriteria(actor), ids),
    model.teamSeenUpTo(ids),
  ])
  return loaded.map(({ conversation, facts }) => ({
    id: conversation.id,
    status: conversation.status,
    isTicket: facts.ticket !== null,
    ticket: facts.ticket ? { number: facts.ticket.number, title: facts.ticket.title } : null,
    subject: conversation.subject ?? null,
    assignee: conversation.assignee ? { name: conversation.assignee.name } : null,
    canPost: customerCanPost(facts, actor),
    lastMessageAt: conversation.lastPublicMessageAt ?? conversation.createdAt,
    preview: conversation.lastPublicPreview ?? null,
    unread: unread.get(conversation.id) ?? 0,
    seenByTeamUpTo: seen.get(conversation.id) ?? null,
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

/** A ticket or conversation at the other end of a link, as the conversation's header names it. */
export interface LinkedConversationDTO {
  id: string
  /** The ticket's number and title when it is one. */
  ticket: { number: number; title: string } | null
  contact: ContactDTO | null
  status: 'open' | 'closed'
  lastMessageAt: Date
}

/**
 * Issue 9, part 2: the ticket a conversation is linked into, and a ticket's linked conversations, those
 * the viewer may see (rule 9): the history stays where it was written, one click away.
 */
export async function ticketLinksOf(
  em: EntityManager,
  actor: AgentActor,
  loaded: LoadedConversation,
): Promise<{ ticket: LinkedConversationDTO | null; linked: LinkedConversationDTO[] }> {
  const ticketId = loaded.conversation.linkedTicket?.id
  const linkedIds = loaded.facts.ticket
    ? (
        await em.find(
          Conversation,
          { linkedTicket: loaded.conversation.id, trashedAt: null },
          { fields: ['id'], orderBy: { lastMessageAt: 'desc' }, limit: LINKED_LIMIT },
        )
      ).map((c) => c.id)
    : []
  const found = await loadConversations(em, ticketId ? [ticketId, ...linkedIds] : linkedIds)
  const visible = (id: string | undefined) => {
    const other = id ? found.get(id) : undefined
    return other && canView(other.facts, actor).ok ? other : null
  }
  const toLinked = ({ conversation, facts }: LoadedConversation): LinkedConversationDTO => ({
    id: conversation.id,
    ticket: facts.ticket ? { number: facts.ticket.number, title: facts.ticket.title } : null,
    contact: conversation.contact ? toContactDTO(conversation.contact) : null,
    status: conversation.status,
    lastMessageAt: conversation.lastMessageAt,
  })
  const ticket = visible(ticketId)
  return {
    ticket: ticket ? toLinked(ticket) : null,
    linked: linkedIds.flatMap((id) => {
      const other = visible(id)
      return other ? [toLinked(other)] : []
    }),
  }
}

/** A ticket's header lists at most this many linked conversations, the latest first. */
const LINKED_LIMIT = 50
