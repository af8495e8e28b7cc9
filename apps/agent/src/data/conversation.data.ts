import { action, json, query, revalidate } from '@solidjs/router'
import { coalesce } from '../lib/timing.ts'
import {
  api,
  type ConversationStatus,
  type InboxSection,
  type TicketPriority,
  type TicketType,
} from '../lib/trpc.client.ts'
import { attentionRefetch, listRefetch } from './refetch-policy.ts'

export interface ListFilter {
  section: InboxSection
  status: ConversationStatus
  search: string
}

export const getConversations = query(
  (filter: ListFilter) =>
    api.conversation.list.query({
      section: filter.section,
      status: filter.status,
      ...(filter.search ? { search: filter.search } : {}),
    }),
  'conversation.list',
)

export const getConversation = query((id: string) => api.conversation.get.query({ id }), 'conversation.get')

/** Conversations with a New or Missed dot for me: the count in the tab's title. */
export const getAttention = query(() => api.conversation.attention.query(), 'conversation.attention')

/** The Tickets page (issue 9, part 1). */
export interface TicketFilter {
  status: ConversationStatus | null
  assignee: string | null
  teamId: string | null
  priority: TicketPriority | null
  type: TicketType | null
  sort: 'updated' | 'newest' | 'number' | 'priority'
}

export const getTickets = query((filter: TicketFilter) => api.tickets.list.query(filter), 'tickets.list')

export const revalidateAttention = coalesce(
  () => void revalidate(getAttention.key),
  attentionRefetch.delayMs,
  attentionRefetch.minIntervalMs,
  attentionRefetch.jitterMs,
)

/** Live events arrive in bursts (a reply updates the conversation and adds a message): refetch once. */
export const revalidateList = coalesce(
  () => {
    void revalidate(getConversations.key)
    revalidateAttention()
  },
  listRefetch.delayMs,
  listRefetch.minIntervalMs,
  listRefetch.jitterMs,
)

/**
 * The Tickets page follows the inbox stream: whatever changes (a ticket made, renamed, assigned, closed,
 * a message moving it up) the page asks again, once per burst. Which rows match its filters and sort is
 * the server's to say.
 */
export const revalidateTickets = coalesce(
  () => void revalidate(getTickets.key),
  listRefetch.delayMs,
  listRefetch.minIntervalMs,
  listRefetch.jitterMs,
)

const afterChange = { revalidate: [getConversations.key, getConversation.key, getTickets.key] }

export const assignToMe = action(async (conversationId: string) => {
  return json(await api.conversation.assignToMe.mutate({ conversationId }), afterChange)
}, 'conversation.assignToMe')

export const assign = action(async (conversationId: string, agentId: string | null) => {
  return json(await api.conversation.assign.mutate({ conversationId, agentId }), afterChange)
}, 'conversation.assign')

export const assignTeam = action(async (conversationId: string, teamId: string | null) => {
  return json(await api.conversation.assignTeam.mutate({ conversationId, teamId }), afterChange)
}, 'conversation.assignTeam')

/** `notifyCustomer: false` closes without a message in the customer's thread. */
export const closeConversation = action(async (conversationId: string, notifyCustomer = true) => {
  return json(await api.conversation.close.mutate({ conversationId, notifyCustomer }), afterChange)
}, 'conversation.close')

export const reopenConversation = action(async (conversationId: string) => {
  return json(await api.conversation.reopen.mutate({ conversationId }), afterChange)
}, 'conversation.reopen')

/** Issue 9, part 4: followed, it is under "My conversations" and each new message in it alerts me. */
export const followConversation = action(async (conversationId: string) => {
  return json(await api.conversation.follow.mutate({ conversationId }), afterChange)
}, 'conversation.follow')

export const unfollowConversation = action(async (conversationId: string) => {
  return json(await api.conversation.unfollow.mutate({ conversationId }), afterChange)
}, 'conversation.unfollow')

export const createTicket = action(
  async (input: { conversationId: string; title: string; type: TicketType; priority: TicketPriority }) => {
    return json(await api.conversation.createTicket.mutate(input), afterChange)
  },
  'conversation.createTicket',
)

/** "Link to ticket" (issue 9, part 2): both ends show the link, the ticket's list its new activity. */
export const linkToTicket = action(async (input: { conversationId: string; ticketId: string }) => {
  return json(await api.tickets.link.mutate(input), afterChange)
}, 'tickets.link')

/** Rule 6: a ticket offered to agents and/or a team, optionally taken back after `timeoutMinutes`. */
export const offerTicket = action(
  async (input: {
    conversationId: string
    agentIds: string[]
    teamId: string | null
    timeoutMinutes: number | null
  }) => json(await api.tickets.offer.mutate(input), afterChange),
  'tickets.offer',
)

/** The first accept wins; a later one is told someone else took it (OFFER_TAKEN). */
export const acceptOffer = action(
  async (conversationId: string) => json(await api.tickets.accept.mutate({ conversationId }), afterChange),
  'tickets.accept',
)

export const withdrawOffer = action(
  async (conversationId: string) =>
    json(await api.tickets.withdrawOffer.mutate({ conversationId }), afterChange),
  'tickets.withdrawOffer',
)

/** A ticket's title, priority and type (issue 9, part 1): each change a system event in the thread. */
export const changeTicket = action(
  async (input: { conversationId: string; title: string; type: TicketType; priority: TicketPriority }) => {
    return json(await api.tickets.change.mutate(input), { revalidate: [getConversation.key, getTickets.key] })
  },
  'tickets.change',
)

export const sendMessage = action(
  async (input: {
    conversationId: string
    clientId: string
    body: string
    mode: 'reply' | 'note'
    attachmentIds: string[]
  }) => {
    const { mode, ...message } = input
    const sent =
      mode === 'note'
        ? await api.conversation.note.mutate(message)
        : await api.conversation.reply.mutate(message)
    // The thread already shows the message (optimistic, then the live echo), and the echo moves the
    // list's row: nothing to fetch again.
    return json(sent, { revalidate: [] })
  },
  'conversation.send',
)

/** Admins only: what is in Trash (rule 5), to restore. */
export const getTrash = query(() => api.conversation.trashList.query(), 'conversation.trashList')

const afterTrashChange = {
  revalidate: [getConversations.key, getConversation.key, getTrash.key, getAttention.key],
}

export const trashConversation = action(async (conversationId: string) => {
  return json(await api.conversation.trash.mutate({ conversationId }), afterTrashChange)
}, 'conversation.trash')

export const restoreConversation = action(async (conversationId: string) => {
  return json(await api.conversation.restore.mutate({ conversationId }), afterTrashChange)
}, 'conversation.restore')
