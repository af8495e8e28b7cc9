import { batch } from 'solid-js'
import { createStore, produce, reconcile } from 'solid-js/store'
import { isRefusal } from '../lib/errors.ts'
import { api, type ConversationDTO, type CustomerEvent, type MessageDTO } from '../lib/trpc.client.ts'
import {
  type Delivery,
  fromServer,
  mergeMessages,
  pendingMessage,
  type ThreadMessage,
  withDelivery,
  withoutUnsent,
} from './thread.ts'

interface ChatState {
  /** The visitor's conversations, most recent first. */
  conversations: ConversationDTO[]
  listLoaded: boolean
  /** Messages by conversation id; absent until that conversation was opened. */
  threads: Record<string, ThreadMessage[]>
  /** Conversations taken away while open here (moved to Trash by the team). */
  removed: Record<string, true>
}

const [state, setState] = createStore<ChatState>({
  conversations: [],
  listLoaded: false,
  threads: {},
  removed: {},
})

export { state as chat }

// Everything asked for so far, so that a (re)connected live feed can fetch what it may have missed.
let listRequested = false
const threadsRequested = new Set<string>()

function byRecency(a: ConversationDTO, b: ConversationDTO): number {
  return b.lastMessageAt.getTime() - a.lastMessageAt.getTime()
}

export function findConversation(id: string): ConversationDTO | undefined {
  return state.conversations.find((conversation) => conversation.id === id)
}

function upsertConversation(conversation: ConversationDTO): void {
  const others = state.conversations.filter((existing) => existing.id !== conversation.id)
  setState('conversations', reconcile([...others, conversation].sort(byRecency), { key: 'id' }))
}

function addMessages(conversationId: string, messages: ThreadMessage[]): void {
  const merged = mergeMessages(state.threads[conversationId] ?? [], messages)
  setState('threads', conversationId, reconcile(merged, { key: 'key' }))
}

export async function loadConversations(): Promise<void> {
  listRequested = true
  const conversations = await api.customer.conversations.query()
  batch(() => {
    setState('conversations', reconcile([...conversations].sort(byRecency), { key: 'id' }))
    setState('listLoaded', true)
  })
}

export async function loadThread(conversationId: string): Promise<void> {
  threadsRequested.add(conversationId)
  const detail = await api.customer.conversation.query({ id: conversationId })
  upsertConversation(detail.conversation)
  addMessages(conversationId, detail.messages.map(fromServer))
}

/**
 * Refetches whatever was asked for so far; merging makes a message that arrives twice harmless.
 * Failures stay quiet here: the page that shows the data reports its own.
 */
export async function resync(): Promise<void> {
  await Promise.allSettled([
    listRequested ? loadConversations() : undefined,
    ...[...threadsRequested].map((id) => loadThread(id)),
  ])
}

/**
 * The server sends conversation.updated only for state changes; a new message moves the list entry
 * here, the way the server does (its preview is the plain text of the last public message).
 */
function touchConversation(message: MessageDTO): void {
  const conversation = findConversation(message.conversationId)
  if (!conversation || message.createdAt <= conversation.lastMessageAt) return
  upsertConversation({
    ...conversation,
    lastMessageAt: message.createdAt,
    preview: message.kind === 'text' ? previewOf(message) : conversation.preview,
    unread: message.authorKind === 'customer' ? conversation.unread : conversation.unread + 1,
  })
}

/**
 * Markdown to plain text, for list previews. The Markdown library is not part of the chat's first load
 * (issue 10, part 8's budget): until it has arrived the entry keeps its previous preview, then shows
 * this message's — if it is still the latest.
 */
let toPlainText: ((markdown: string) => string) | null = null

function previewOf(message: MessageDTO): string | null {
  if (toPlainText) return toPlainText(message.body)
  void import('@parley/markdown').then((markdown) => {
    toPlainText = markdown.toPlainText
    const conversation = findConversation(message.conversationId)
    if (conversation?.lastMessageAt.getTime() === message.createdAt.getTime()) {
      upsertConversation({ ...conversation, preview: markdown.toPlainText(message.body) })
    }
  })
  return findConversation(message.conversationId)?.preview ?? null
}

/** Conversations new to this page, being fetched, with what arrived for them meanwhile. */
const arriving = new Map<string, MessageDTO[]>()

/**
 * A message in a conversation this page does not know: one the team just started (issue 9, part 6), or
 * one from before the list was loaded. It is fetched whole; messages arriving meanwhile are kept and
 * merged after, so none is missed whichever way the fetch and they cross.
 */
function fetchArrived(message: MessageDTO): void {
  const waiting = arriving.get(message.conversationId)
  if (waiting) {
    waiting.push(message)
    return
  }
  const id = message.conversationId
  arriving.set(id, [message])
  loadThread(id)
    .then(() => {
      const meanwhile = arriving.get(id) ?? []
      addMessages(id, meanwhile.map(fromServer))
      for (const later of meanwhile) touchConversation(later)
    })
    // Not for this visitor after all, or offline: the next resync of the feed tries again.
    .catch(() => undefined)
    .finally(() => arriving.delete(id))
}

export function applyEvent(event: CustomerEvent): void {
  if (event.type === 'message.created') {
    const known = state.threads[event.conversationId]?.some((message) => message.id === event.message.id)
    if (known) return
    // A thread not opened yet is fetched whole when it is opened.
    if (state.threads[event.conversationId]) addMessages(event.conversationId, [fromServer(event.message)])
    if (!findConversation(event.conversationId)) {
      fetchArrived(event.message)
      return
    }
    touchConversation(event.message)
  } else if (event.type === 'conversation.removed') {
    batch(() => {
      setState(
        'conversations',
        state.conversations.filter((conversation) => conversation.id !== event.conversationId),
      )
      setState(
        'threads',
        produce((threads) => void delete threads[event.conversationId]),
      )
      setState('removed', event.conversationId, true)
    })
  } else {
    upsertConversation(event.conversation)
  }
}

function setDelivery(conversationId: string, key: string, delivery: Exclude<Delivery, 'sent'>): void {
  setState('threads', conversationId, (messages) => withDelivery(messages ?? [], key, delivery))
}

/** An outgoing message as the server takes it; its copy confirms the one on screen. */
async function deliver(message: {
  conversationId: string
  clientId: string
  body: string
  attachments: MessageDTO['attachments']
}): Promise<void> {
  const sent = await api.customer.send.mutate({
    conversationId: message.conversationId,
    clientId: message.clientId,
    body: message.body,
    attachmentIds: message.attachments.map((attachment) => attachment.id),
  })
  addMessages(message.conversationId, [fromServer(sent)])
}

/**
 * Shows the message at once and confirms it with the server's copy. When it cannot get through (the
 * connection dropped, the server is busy) it stays in the thread as not sent, with Retry, and the
 * composer is free for the next one. A refusal (the ticket was closed, the session ended) takes it away
 * again and is rethrown, so the composer can give the words back with the reason.
 */
export async function sendMessage(
  conversationId: string,
  clientId: string,
  body: string,
  attachments: MessageDTO['attachments'] = [],
): Promise<void> {
  addMessages(conversationId, [pendingMessage(conversationId, clientId, body, attachments)])
  try {
    await deliver({ conversationId, clientId, body, attachments })
  } catch (error) {
    if (isRefusal(error)) {
      setState('threads', conversationId, (messages) => withoutUnsent(messages ?? [], clientId))
      throw error
    }
    setDelivery(conversationId, clientId, 'failed')
  }
}

/**
 * Retry: the same message under the same client id, so that if the first attempt did reach the server
 * it is not stored twice (the server answers with the stored copy). Rethrows a refusal, the message
 * staying not sent: the thread says why.
 */
export async function retryMessage(message: ThreadMessage): Promise<void> {
  const { conversationId, clientId, body, attachments, delivery } = message
  if (delivery !== 'failed' || !clientId) return
  setDelivery(conversationId, clientId, 'sending')
  try {
    await deliver({ conversationId, clientId, body, attachments: [...attachments] })
  } catch (error) {
    setDelivery(conversationId, clientId, 'failed')
    if (isRefusal(error)) throw error
  }
}

export async function startConversation(clientId: string, body: string, followsUp?: string): Promise<string> {
  const { conversation, message } = await api.customer.startConversation.mutate({
    clientId,
    body,
    ...(followsUp ? { followsUp } : {}),
  })
  threadsRequested.add(conversation.id)
  upsertConversation(conversation)
  addMessages(conversation.id, [fromServer(message)])
  return conversation.id
}

export function markRead(conversationId: string): void {
  const conversation = findConversation(conversationId)
  if (conversation?.unread) {
    setState('conversations', (c) => c.id === conversationId, 'unread', 0)
  }
  // Read receipts are best effort: failing to send one must not bother the customer.
  api.customer.markRead.mutate({ conversationId }).catch(() => undefined)
}

export function forgetConversations(): void {
  listRequested = false
  threadsRequested.clear()
  setState(
    produce((draft) => {
      draft.conversations = []
      draft.listLoaded = false
      draft.threads = {}
    }),
  )
}
