import { type Actor, type AgentActor, handlesCustomers, isInTeam } from './actor.ts'
import { fail, ok, type Result } from './result.ts'
import type { SystemEvent } from './system-event.ts'

export type ConversationKind = 'support' | 'internal'
export type ConversationStatus = 'open' | 'closed'
export type TicketType = 'ticket' | 'task'
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent'
/**
 * "From customers", "My conversations", the queues of the agent's teams, and "Internal": conversations
 * between agents (rule 8), kept apart from customers' so a colleague's question is not lost among them.
 */
export type InboxSection = 'customers' | 'mine' | 'team' | 'internal'

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
  /** The team whose queue it is in (routing); its members see it, any of them may take it. */
  teamId: string | null
  createdById: string | null
  /** Agents who participated in or follow the conversation. */
  memberIds: readonly string[]
  /** Those of `memberIds` who follow it: they hear of every message in it (alert.rules.ts). */
  followerIds: readonly string[]
  /** Rule 6: whom a ticket is offered to while no one has accepted it (pending offers only). */
  offeredAgentIds: readonly string[]
  offeredTeamIds: readonly string[]
  ticket: Ticket | null
  trashed: boolean
}

/** Rule 6: whether a pending offer of this ticket is addressed to the agent, by name or by a team of theirs. */
export function isOfferedTo(conversation: ConversationFacts, agent: AgentActor): boolean {
  return (
    conversation.offeredAgentIds.includes(agent.id) ||
    conversation.offeredTeamIds.some((teamId) => isInTeam(agent, teamId))
  )
}

/** Whether anyone has a pending offer of this ticket: until it is accepted nobody may reply (rule 2). */
export function hasPendingOffer(conversation: ConversationFacts): boolean {
  return conversation.offeredAgentIds.length > 0 || conversation.offeredTeamIds.length > 0
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
      return handlesCustomers(actor) ||
        isMine(conversation, actor.id) ||
        isInTeam(actor, conversation.teamId) ||
        isOfferedTo(conversation, actor)
        ? ok()
        : notVisible()
  }
}

/** Rule 9: which inbox section lists a conversation for an agent. */
export function isInSection(
  conversation: ConversationFacts,
  agent: AgentActor,
  section: InboxSection,
): boolean {
  if (conversation.trashed) return false
  if (section === 'internal') return conversation.kind === 'internal' && isMine(conversation, agent.id)
  if (section === 'customers') return conversation.kind === 'support' && handlesCustomers(agent)
  // An offer reaches the offered where they look: a team's in its queue, an agent's among their own.
  if (section === 'team')
    return (
      conversation.kind === 'support' &&
      (isInTeam(agent, conversation.teamId) ||
        conversation.offeredTeamIds.some((teamId) => isInTeam(agent, teamId)))
    )
  return (
    conversation.kind === 'support' &&
    (isMine(conversation, agent.id) || conversation.offeredAgentIds.includes(agent.id))
  )
}

const INBOX_SECTIONS: readonly InboxSection[] = ['customers', 'mine', 'team', 'internal']

/** Every section of the agent's inbox that lists the conversation: where a pushed row update lands. */
export function inboxSectionsOf(conversation: ConversationFacts, agent: AgentActor): InboxSection[] {
  return INBOX_SECTIONS.filter((section) => isInSection(conversation, agent, section))
}

/** Rule 2: replies in a support conversation only from the assigned agent. */
export function canReply(conversation: ConversationFacts, actor: Actor): Result {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Only agents can send replies from the inbox.')
  const visible = canView(conversation, actor)
  if (!visible.ok) return visible
  if (conversation.trashed) return inTrash()
  if (conversation.kind === 'internal') return ok()
  if (hasPendingOffer(conversation)) {
    return isOfferedTo(conversation, actor)
      ? fail('OFFER_PENDING', 'This ticket is offered to you. Accept it to reply.')
      : fail('OFFER_PENDING', 'This ticket is offered to others. Whoever accepts it replies.')
  }
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

/**
 * Rule 4 / rule 14: open and close. `notifyCustomer: false` closes without telling the customer (spam,
 * a thread that ended by itself): the event stays in the agents' thread only.
 */
export function changeStatus(
  conversation: ConversationFacts,
  action: StatusAction,
  actor: Actor,
  options: { notifyCustomer?: boolean } = {},
): Result<{ status: ConversationStatus; event: SystemEvent }> {
  if (actor.kind === 'customer')
    return fail('AGENTS_ONLY', 'Only agents change the status of a conversation.')
  const visible = canView(conversation, actor)
  if (!visible.ok) return visible
  const next = statusTransitions[conversation.status][action]
  if (!next) {
    return fail('ALREADY_IN_STATE', `The conversation is already ${conversation.status}.`)
  }
  const quiet = action === 'close' && options.notifyCustomer === false
  return ok({ status: next, event: quiet ? { type: 'closed', quietly: true } : statusEvents[action] })
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
  // Rule 6: while offered, the offer decides who gets it; withdrawing it frees the ticket for "Assign".
  if (hasPendingOffer(conversation)) {
    return fail('OFFER_PENDING', 'This ticket is offered. Accept the offer, or withdraw it first.')
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

/**
 * Routing: into a team's queue, or out of every queue (`null`). Handing a conversation to a team hands
 * it over: whoever had it lets go, and the team's members see it to take it ("Assign to me").
 */
export function assignTeam(
  conversation: ConversationFacts,
  actor: Actor,
  team: AssigneeCandidate | null,
): Result<{ teamId: string | null; assigneeId: string | null; event: SystemEvent }> {
  if (actor.kind === 'customer') return fail('AGENTS_ONLY', 'Only agents route conversations.')
  const visible = canView(conversation, actor)
  if (!visible.ok) return visible
  if (conversation.kind === 'internal') {
    return fail('INTERNAL_CONVERSATION', 'Internal conversations are not routed to teams.')
  }
  if ((team?.id ?? null) === conversation.teamId) {
    return fail('ALREADY_IN_STATE', team ? `Already in the queue of ${team.name}.` : 'Already in no team.')
  }
  return ok({
    teamId: team?.id ?? null,
    assigneeId: team ? null : conversation.assigneeId,
    event: team ? { type: 'team_assigned', teamName: team.name } : { type: 'team_unassigned' },
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

/**
 * Issue 9, part 1: a ticket's title, priority and type, edited by an agent who may see it. Each change is
 * a system event of its own (only the title is the customer's news, systemEventVisibility); the same
 * values again change nothing and are refused, so no empty event is written.
 */
export function changeTicket(
  conversation: ConversationFacts,
  actor: Actor,
  draft: TicketDraft,
): Result<{ ticket: Ticket; events: SystemEvent[] }> {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Only agents change tickets.')
  const visible = canView(conversation, actor)
  if (!visible.ok) return visible
  if (conversation.trashed) return fail('IN_TRASH', 'This ticket is in Trash. Restore it before changing it.')
  const before = conversation.ticket
  if (!before) return fail('NOT_A_TICKET', 'This conversation is not a ticket.')
  const ticket = { ...before, title: draft.title.trim(), type: draft.type, priority: draft.priority }
  const events: SystemEvent[] = []
  if (ticket.title !== before.title) events.push({ type: 'ticket_renamed', title: ticket.title })
  if (ticket.priority !== before.priority)
    events.push({ type: 'ticket_prioritised', priority: ticket.priority })
  if (ticket.type !== before.type) events.push({ type: 'ticket_retyped', ticketType: ticket.type })
  if (events.length === 0) return fail('ALREADY_IN_STATE', 'The ticket already has these details.')
  return ok({ ticket, events })
}

/** Where a conversation stands towards the ticket it is to be linked to: persistence knows the ids. */
export interface TicketLink {
  /** The conversation is that ticket itself. */
  sameConversation: boolean
  /** The conversation is already linked to that ticket. */
  alreadyLinked: boolean
}

/**
 * Issue 9, part 2: a customer conversation linked into an existing ticket instead of made one. It keeps
 * its history and its customer, who is told which ticket it is now part of (rule 14); the ticket's
 * thread notes it for the team. A ticket is not linked into another ticket (its number is its own).
 */
export function linkToTicket(
  conversation: ConversationFacts,
  target: ConversationFacts,
  actor: Actor,
  link: TicketLink = { sameConversation: false, alreadyLinked: false },
): Result<{ event: SystemEvent; ticketEvent: SystemEvent }> {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Only agents link conversations to tickets.')
  const visible = canView(conversation, actor)
  if (!visible.ok) return visible
  const targetVisible = canView(target, actor)
  if (!targetVisible.ok) return targetVisible
  if (conversation.kind !== 'support')
    return fail('INTERNAL_CONVERSATION', 'Only customer conversations are linked.')
  if (conversation.trashed) return inTrash()
  if (!target.ticket) return fail('NOT_A_TICKET', 'Conversations can only be linked to a ticket.')
  if (link.sameConversation || conversation.ticket) {
    return fail('ALREADY_A_TICKET', 'A ticket is not linked into another ticket.')
  }
  if (link.alreadyLinked) {
    return fail('ALREADY_IN_STATE', `This conversation is already linked to ticket #${target.ticket.number}.`)
  }
  const { number, title } = target.ticket
  return ok({
    event: { type: 'linked_to_ticket', number, title },
    ticketEvent: { type: 'conversation_linked' },
  })
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

/** Issue 9, part 4: whether the agent follows the conversation (the inbox offers "Follow" or "Unfollow"). */
export function isFollowing(conversation: ConversationFacts, agentId: string): boolean {
  return conversation.followerIds.includes(agentId)
}

/**
 * Issue 9, part 4: an agent who can see a customer conversation follows it: it is theirs under "My
 * conversations" (rule 9) and each new message in it alerts them. A participant who follows becomes a
 * follower. Internal conversations are not followed: only their members see them at all (rule 8), and
 * unfollowing one would lock the agent out.
 */
export function follow(conversation: ConversationFacts, actor: Actor): Result {
  const agent = followingAgent(conversation, actor)
  if (!agent.ok) return agent
  if (isFollowing(conversation, agent.value.id)) {
    return fail('ALREADY_IN_STATE', 'You already follow this conversation.')
  }
  return ok()
}

/**
 * Issue 9, part 4: unfollowing ends the agent's membership, participation included (one membership per
 * agent, and which of the two it was before they followed is not kept). The conversation stays under
 * "My conversations" only if they created it or it is assigned to them; writing in it again makes them
 * a participant once more.
 */
export function unfollow(conversation: ConversationFacts, actor: Actor): Result {
  const agent = followingAgent(conversation, actor)
  if (!agent.ok) return agent
  if (!isFollowing(conversation, agent.value.id)) {
    return fail('ALREADY_IN_STATE', 'You do not follow this conversation.')
  }
  return ok()
}

/** Who may follow or unfollow at all: the agent, if so. */
function followingAgent(conversation: ConversationFacts, actor: Actor): Result<AgentActor> {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Only agents follow conversations.')
  const visible = canView(conversation, actor)
  if (!visible.ok) return visible
  if (conversation.trashed) {
    return fail('IN_TRASH', 'This conversation is in Trash. Restore it first.')
  }
  if (conversation.kind === 'internal') {
    return fail('INTERNAL_CONVERSATION', 'Internal conversations are not followed: their members see them.')
  }
  return ok(actor)
}

/**
 * Rule 8 (issue 9, part 5): a conversation between agents, started by one with one or more colleagues.
 * Only agents take part; only they ever see it, not even an admin who is not one of them.
 */
export function startInternalConversation(
  actor: Actor,
  participants: ReadonlyArray<{ kind: 'agent' | 'customer'; id: string }>,
): Result {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Only agents start internal conversations.')
  if (participants.some((participant) => participant.kind === 'customer')) {
    return fail('INTERNAL_CONVERSATION', 'Customers cannot join internal conversations.')
  }
  if (!participants.some((participant) => participant.id !== actor.id)) {
    return fail('INVALID_TRANSITION', 'Choose at least one colleague to talk to.')
  }
  return ok()
}

/** Contacts one outbound start may reach, and colleagues it may ask in besides. */
export const OUTBOUND_CONTACTS_MAX = 50
export const OUTBOUND_AGENTS_MAX = 20

/**
 * Issue 9, part 6: a conversation with customers started by an agent (outbound). The contacts are
 * chosen by those who may see contacts (contact.rules.ts); each contact gets a conversation of their
 * own, so no customer learns of another; a blocked contact gets none (rule 7: by any channel). The
 * starter is assigned, so they may go on replying (rule 2).
 */
export function startOutboundConversation(
  actor: Actor,
  contacts: ReadonlyArray<{ name: string | null; blocked: boolean }>,
): Result {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Only agents start conversations with customers.')
  if (!handlesCustomers(actor)) {
    return fail('NOT_VISIBLE', 'Conversations with customers are started by agents who answer customers.')
  }
  if (contacts.length === 0) return fail('INVALID_TRANSITION', 'Choose at least one contact.')
  const blockedOnes = contacts.filter((contact) => contact.blocked)
  if (blockedOnes.length > 0) {
    const names = blockedOnes.map((contact) => contact.name ?? 'A contact').join(', ')
    return fail('CONTACT_BLOCKED', `${names}: blocked contacts get no new conversations.`)
  }
  return ok()
}

/**
 * Issue 9, part 7 (rule 4): a closed ticket is final for its customer, whose next words start a new
 * conversation linked to that ticket, so the team has its history one click away. The customer's
 * thread says which ticket it continues; the ticket's notes it for the team.
 */
export function followUpTicket(
  ticket: ConversationFacts,
  actor: Actor,
): Result<{ event: SystemEvent; ticketEvent: SystemEvent }> {
  const starts = canStartConversation(actor)
  if (!starts.ok) return starts
  const visible = canView(ticket, actor)
  if (!visible.ok) return visible
  if (!ticket.ticket)
    return fail('NOT_A_TICKET', 'Only a closed ticket is followed up by a new conversation.')
  if (ticket.status !== 'closed') {
    return fail('INVALID_TRANSITION', 'This ticket is still open: write in it instead.')
  }
  const { number, title } = ticket.ticket
  return ok({ event: { type: 'follows_up', number, title }, ticketEvent: { type: 'conversation_linked' } })
}

/** Rule 8: internal conversations have only agent participants. */
export function addParticipant(
  conversation: ConversationFacts,
  actor: Actor,
  participant: { kind: 'agent' | 'customer'; id?: string; name?: string },
): Result {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Only agents add participants.')
  const visible = canView(conversation, actor)
  if (!visible.ok) return visible
  if (conversation.kind === 'internal' && participant.kind === 'customer') {
    return fail('INTERNAL_CONVERSATION', 'Customers cannot join internal conversations.')
  }
  if (participant.id !== undefined && isMine(conversation, participant.id)) {
    return fail('ALREADY_IN_STATE', `${participant.name ?? 'They'} is already in this conversation.`)
  }
  return ok()
}

function notVisible<T>(): Result<T> {
  return fail('NOT_VISIBLE', 'Conversation not found.')
}

function blocked<T>(): Result<T> {
  return fail('CONTACT_BLOCKED', 'You can no longer send messages here.')
}
