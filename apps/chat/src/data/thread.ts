import type { MessageDTO } from '../lib/trpc.client.ts'

/**
 * Where a message stands (issue 10): `sending` until the server has it, `failed` when it could not be
 * sent (it stays in the thread, to retry), `sent` for everything the server gave.
 */
export type Delivery = 'sending' | 'failed' | 'sent'

/** A message as the thread shows it: keyed so that the server's copy replaces the optimistic one. */
export type ThreadMessage = MessageDTO & { key: string; delivery: Delivery }

export function messageKey(message: Pick<MessageDTO, 'id' | 'clientId'>): string {
  return message.clientId ?? message.id
}

export function fromServer(message: MessageDTO): ThreadMessage {
  return { ...message, key: messageKey(message), delivery: 'sent' }
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
    delivery: 'sending',
  }
}

const unsent = (message: ThreadMessage) => message.delivery !== 'sent'

function byTime(a: ThreadMessage, b: ThreadMessage): number {
  // Unsent messages stay at the bottom until the server has given them their place.
  if (unsent(a) !== unsent(b)) return unsent(a) ? 1 : -1
  const diff = a.createdAt.getTime() - b.createdAt.getTime()
  if (diff !== 0) return diff
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/**
 * The thread after `incoming` arrived, in time order. Messages are immutable, so a copy from the
 * server simply wins (a message that seemed to fail but did reach the server turns sent by itself);
 * only a late optimistic copy must not replace the one the server confirmed.
 */
export function mergeMessages(
  current: readonly ThreadMessage[],
  incoming: readonly ThreadMessage[],
): ThreadMessage[] {
  const byKey = new Map(current.map((message) => [message.key, message]))
  for (const message of incoming) {
    const existing = byKey.get(message.key)
    if (unsent(message) && existing && !unsent(existing)) continue
    byKey.set(message.key, message)
  }
  return [...byKey.values()].sort(byTime)
}

/** Drops an unsent message that the server refused; a confirmed one stays. */
export function withoutUnsent(current: readonly ThreadMessage[], key: string): ThreadMessage[] {
  return current.filter((message) => !(unsent(message) && message.key === key))
}

/** An unsent message's new state (sending again, failed again); one the server confirmed stays sent. */
export function withDelivery(
  current: readonly ThreadMessage[],
  key: string,
  delivery: Exclude<Delivery, 'sent'>,
): ThreadMessage[] {
  return current.map((message) =>
    unsent(message) && message.key === key ? { ...message, delivery } : message,
  )
}

/**
 * The key of the customer's latest message the team has read (`upTo`: how far, from the server), which
 * the thread marks "Seen"; null while none is.
 */
export function latestSeen(messages: readonly ThreadMessage[], upTo: Date | null): string | null {
  if (!upTo) return null
  const seen = messages.findLast(
    (message) =>
      message.authorKind === 'customer' &&
      message.delivery === 'sent' &&
      message.createdAt.getTime() <= upTo.getTime(),
  )
  return seen?.key ?? null
}
