import type { MessageDTO } from '../lib/trpc.client.ts'

/** A message as the thread shows it: keyed so that the server's copy replaces the optimistic one. */
export type ThreadMessage = MessageDTO & { key: string; pending: boolean }

export function messageKey(message: Pick<MessageDTO, 'id' | 'clientId'>): string {
  return message.clientId ?? message.id
}

export function fromServer(message: MessageDTO): ThreadMessage {
  return { ...message, key: messageKey(message), pending: false }
}

export function pendingMessage(
  conversationId: string,
  clientId: string,
  body: string,
  attachments: MessageDTO['attachments'] = [],
): ThreadMessage {
  return {
    id: clientId,
    key: clientId,
    clientId,
    conversationId,
    authorKind: 'customer',
    author: null,
    visibility: 'public',
    kind: 'text',
    body,
    system: null,
    attachments,
    createdAt: new Date(),
    pending: true,
  }
}

function byTime(a: ThreadMessage, b: ThreadMessage): number {
  // Pending messages stay at the bottom until the server has given them their place.
  if (a.pending !== b.pending) return a.pending ? 1 : -1
  const diff = a.createdAt.getTime() - b.createdAt.getTime()
  if (diff !== 0) return diff
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/**
 * The thread after `incoming` arrived, in time order. Messages are immutable, so a copy from the
 * server simply wins; only a late optimistic copy must not replace the one the server confirmed.
 */
export function mergeMessages(
  current: readonly ThreadMessage[],
  incoming: readonly ThreadMessage[],
): ThreadMessage[] {
  const byKey = new Map(current.map((message) => [message.key, message]))
  for (const message of incoming) {
    const existing = byKey.get(message.key)
    if (message.pending && existing && !existing.pending) continue
    byKey.set(message.key, message)
  }
  return [...byKey.values()].sort(byTime)
}

/** Drops an optimistic message that the server refused; a confirmed one stays. */
export function withoutPending(current: readonly ThreadMessage[], key: string): ThreadMessage[] {
  return current.filter((message) => !(message.pending && message.key === key))
}
