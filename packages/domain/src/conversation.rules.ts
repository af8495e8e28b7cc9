import { type Actor, type AgentActor, handlesCustomers } from './actor.ts'
import { fail, ok, type Result } from './result.ts'
import type { SystemEvent } from './system-event.ts'

export type ConversationKind = 'support' | 'internal'
export type ConversationStatus = 'open' | 'closed'
export type TicketType = 'ticket' | 'task'
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent'
export type InboxSection = 'customers' | 'mine'

export interface Ticket {
  number: number
  title: string
  type: TicketType
  priority: TicketPriority
}

/** The plain facts about a conversation that every rule below decides on. */
export interface ConversationFacts {
  kind: ConversationKind
  status: ConversationStatus
  contactId: string | null
  assigneeId: string | null
  createdById: string | null
  /** Agents who participated in or follow the conversation. */
  memberIds: readonly string[]
  ticket: Ticket | null
  trashed: boolean
}

/** Rule 9: "My conversations" — created, assigned, followed or participated in. */
export function isMine(conversation: ConversationFacts, agentId: string): boolean {
  return (
    conversation.createdById === agentId ||
    conversation.assigneeId === agentId ||
    conversation.memberIds.includes(agentId)
  )
}

/** Rules 8 and 9: who may open a conversation at all. */
export function canView(conversation: ConversationFacts, actor: Actor): Result {
  switch (actor.kind) {
    case 'system':
      return ok()
    case 'customer':
      return conversation.kind === 'support' &&
        !conversation.trashed &&
        conversation.contactId !== null &&
        conversation.contactId === actor.contactId
        ? ok()
        : notVisible()
    case 'agent':
      if (conversation.trashed && actor.role !== 'admin') return notVisible()
      if (conversation.kind === 'internal') return isMine(conversation, actor.id) ? ok() : notVisible()
      return handlesCustomers(actor) || isMine(conversation, actor.id) ? ok() : notVisible()
  }
}

/** Rule 9: which inbox section lists a conversation for an agent. */
export function isInSection(
  conversation: ConversationFacts,
  agent: AgentActor,
  section: InboxSection,
): boolean {
  if (conversation.trashed) return false
  if (section === 'customers') return conversation.kind === 'support' && handlesCustomers(agent)
  return isMine(conversation, agent.id)
}

/** Rule 2: replies in a support conversation only from the assigned agent. */
export function canReply(conversation: ConversationFacts, actor: Actor): Result {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Only agents can send replies from the inbox.')
  const visible = canView(conversation, actor)
  if (!visible.ok) return visible
  if (conversation.trashed) return inTrash()
  if (conversation.kind === 'internal') return ok()
  if (conversation.assigneeId !== actor.id) {
    return fail('NOT_ASSIGNED', 'Assign the conversation to yourself before replying to the customer.')
  }
  if (conversation.status === 'closed' && conversation.ticket) {
    return fail('TICKET_CLOSED', 'This ticket is closed. Reopen it to reply.')
  }
  return ok()
}

/** Rule 3: any agent who can see a conversation may leave an internal note. */
export function canNote(conversation: ConversationFacts, actor: Actor): Result {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Only agents can write internal notes.')
  return canView(conversation, actor)
}

/**
 * Rule 5: Trash keeps a conversation as it was. The customer no longer sees it, so it takes no reply
 * until an admin restores it (an admin's note about why it is there is fine).
 */
function inTrash<T>(): Result<T> {
  return fail('IN_TRASH', 'This conversation is in Trash. Restore it before replying.')
}

/** Only admins see Trash (and restore from it). */
export function canSeeTrash(actor: Actor): Result {
  return actor.kind === 'agent' && actor.role === 'admin'
    ? ok()
    : fail('ADMIN_ONLY', 'Only admins see Trash.')
}

/**
 * Rule 7 "by any channel": a newcomer who gives the email of a blocked contact is that person again, and
 * blocked from the start. Emails arrive normalised (trimmed, lower case); no email, no link.
 */
export function startsBlocked(email: string | null, blockedContactsWithThatEmail: number): boolean {
  return email !== null && blockedContactsWithThatEmail > 0
}

/** Rule 7: blocked contacts cannot start conversations, by any channel. */
export function canStartConversation(actor: Actor): Result {
  if (actor.kind !== 'customer') return fail('CUSTOMERS_ONLY', 'Only customers start support conversations.')
  return actor.blocked ? blocked() : ok()
}

/**
 * Rules 4 and 7: what a customer's new message (chat or email) does. A closed ticket is final for the
 * customer; a closed plain chat is reopened by the customer's next message.
 */
export function customerPost(conversation: ConversationFacts, actor: Actor): Result<{ reopens: boolean }> {
  if (actor.kind !== 'customer') return fail('CUSTOMERS_ONLY', 'Only the customer writes here.')
  if (actor.blocked) return blocked()
  const visible = canView(conversation, actor)
  if (!visible.ok) return visible
  if (conversation.status === 'closed' && conversation.ticket) {
    return fail('TICKET_CLOSED', 'This ticket has been closed. Please start a new conversation.')
  }
  return ok({ reopens: conversation.status === 'closed' })
}

/** What the customer's messenger offers: post, or the closed-ticket notice with "Start a new conversation". */
export function customerCanPost(conversation: ConversationFacts, actor: Actor): boolean {
  return customerPost(conversation, actor).ok
}

export type StatusAction = 'close' | 'reopen'

/** Rule 4 / STYLE 6: every status change goes through this table. */
const statusTransitions: Record<ConversationStatus, Partial<Record<StatusAction, ConversationStatus>>> = {
  open: { close: 'closed' },
  closed: { reopen: 'open' },
}

const statusEvents: Record<StatusAction, SystemEvent> = {
  close: { type: 'closed' },
  reopen: { type: 'reopened' },
}

export function changeStatus(
  conversation: ConversationFacts,
  action: StatusAction,
  actor: Actor,
): Result<{ status: ConversationStatus; event: SystemEvent }> {
  if (actor.kind === 'customer')
    return fail('AGENTS_ONLY', 'Only agents change the status of a conversation.')
  const visible = canView(conversation, actor)
  if (!visible.ok) return visible
  const next = statusTransitions[conversation.status][action]
  if (!next) {
    return fail('ALREADY_IN_STATE', `The conversation is already ${conversation.status}.`)
  }
  return ok({ status: next, event: statusEvents[action] })
}

export interface AssigneeCandidate {
  id: string
  name: string
}

/** Rule 2: assignment, to oneself ("Assign to me") or to another agent; `null` unassigns. */
export function assign(
  conversation: ConversationFacts,
  actor: Actor,
  assignee: AssigneeCandidate | null,
): Result<{ assigneeId: string | null; event: SystemEvent }> {
  if (actor.kind === 'customer') return fail('AGENTS_ONLY', 'Only agents assign conversations.')
  const visible = canView(conversation, actor)
  if (!visible.ok) return visible
  if (conversation.kind === 'internal') {
    return fail('INTERNAL_CONVERSATION', 'Internal conversations are not assigned.')
  }
  if ((assignee?.id ?? null) === conversation.assigneeId) {
    return fail(
      'ALREADY_IN_STATE',
      assignee ? `Already assigned to ${assignee.name}.` : 'Already unassigned.',
    )
  }
  return ok({
    assigneeId: assignee?.id ?? null,
    event: assignee ? { type: 'assigned', agentName: assignee.name } : { type: 'unassigned' },
  })
}

export interface TicketDraft {
  title: string
  type: TicketType
  priority: TicketPriority
}

/** Promote a support conversation to a ticket; `nextNumber` comes from persistence. */
export function createTicket(
  conversation: ConversationFacts,
  actor: Actor,
  draft: TicketDraft,
  nextNumber: number,
): Result<{ ticket: Ticket; event: SystemEvent }> {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Only agents create tickets.')
  const visible = canView(conversation, actor)
  if (!visible.ok) return visible
  if (conversation.kind !== 'support') {
    return fail('INTERNAL_CONVERSATION', 'Only customer conversations become tickets.')
  }
  if (conversation.ticket) {
    return fail('ALREADY_A_TICKET', `This conversation is already ticket #${conversation.ticket.number}.`)
  }
  const ticket = { number: nextNumber, ...draft, title: draft.title.trim() }
  return ok({ ticket, event: { type: 'ticket_created', number: ticket.number, title: ticket.title } })
}

/** Link a support conversation into an existing ticket instead of creating one. */
export function linkToTicket(
  conversation: ConversationFacts,
  target: ConversationFacts,
  actor: Actor,
): Result {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Only agents link conversations to tickets.')
  const visible = canView(conversation, actor)
  if (!visible.ok) return visible
  const targetVisible = canView(target, actor)
  if (!targetVisible.ok) return targetVisible
  if (conversation.kind !== 'support')
    return fail('INTERNAL_CONVERSATION', 'Only customer conversations are linked.')
  if (!target.ticket) return fail('NOT_A_TICKET', 'Conversations can only be linked to a ticket.')
  return ok()
}

/** Rule 5: a whole conversation can go to Trash; only an admin restores it. */
export function trash(conversation: ConversationFacts, actor: Actor): Result {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Only agents delete conversations.')
  // Visibility first: only admins see Trash, so nobody else may learn that a conversation is in it.
  const visible = canView(conversation, actor)
  if (!visible.ok) return visible
  if (conversation.trashed) return fail('ALREADY_IN_STATE', 'The conversation is already in Trash.')
  return ok()
}

export function restore(conversation: ConversationFacts, actor: Actor): Result {
  if (!canSeeTrash(actor).ok)
    return fail('ADMIN_ONLY', 'Only an admin can restore a conversation from Trash.')
  if (!conversation.trashed) return fail('ALREADY_IN_STATE', 'The conversation is not in Trash.')
  return ok()
}

/** Rule 8: internal conversations have only agent participants. */
export function addParticipant(
  conversation: ConversationFacts,
  actor: Actor,
  participant: { kind: 'agent' | 'customer' },
): Result {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Only agents add participants.')
  const visible = canView(conversation, actor)
  if (!visible.ok) return visible
  if (conversation.kind === 'internal' && participant.kind === 'customer') {
    return fail('INTERNAL_CONVERSATION', 'Customers cannot join internal conversations.')
  }
  return ok()
}

function notVisible<T>(): Result<T> {
  return fail('NOT_VISIBLE', 'Conversation not found.')
}

function blocked<T>(): Result<T> {
  return fail('CONTACT_BLOCKED', 'You can no longer send messages here.')
}
