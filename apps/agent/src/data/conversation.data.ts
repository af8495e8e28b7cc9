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

const afterChange = { revalidate: [getConversations.key, getConversation.key] }

export const assignToMe = action(async (conversationId: string) => {
  return json(await api.conversation.assignToMe.mutate({ conversationId }), afterChange)
}, 'conversation.assignToMe')

export const assign = action(async (conversationId: string, agentId: string | null) => {
  return json(await api.conversation.assign.mutate({ conversationId, agentId }), afterChange)
}, 'conversation.assign')

export const closeConversation = action(async (conversationId: string) => {
  return json(await api.conversation.close.mutate({ conversationId }), afterChange)
}, 'conversation.close')

export const reopenConversation = action(async (conversationId: string) => {
  return json(await api.conversation.reopen.mutate({ conversationId }), afterChange)
}, 'conversation.reopen')

export const createTicket = action(
  async (input: { conversationId: string; title: string; type: TicketType; priority: TicketPriority }) => {
    return json(await api.conversation.createTicket.mutate(input), afterChange)
  },
  'conversation.createTicket',
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
    // The thread already shows the message (optimistic, then the live echo); only the list's preview moves.
    return json(sent, { revalidate: [getConversations.key] })
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
