import type { InboxRowEvent } from '@parley/api/inbox-rows'

export { applyInboxEvent, INBOX_LIST_LIMIT } from '@parley/api/inbox-rows'

const listeners = new Set<(event: InboxRowEvent) => void>()

/**
 * A row update for the lists on screen: pushed by the inbox stream (AppShell) or returned by a read
 * (ConversationPage). Each open list applies it to itself (applyInboxEvent) instead of fetching again.
 */
export function pushInboxRow(event: InboxRowEvent): void {
  for (const listener of listeners) listener(event)
}

export function onInboxRow(listener: (event: InboxRowEvent) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
