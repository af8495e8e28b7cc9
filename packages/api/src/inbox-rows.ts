import type { InboxSection } from '@parley/domain'
import type { ConversationDTO } from './dto.ts'
import type { InboxEvent } from './routers/conversation.router.ts'

// Types only above: the agent app imports this file (`@parley/api/inbox-rows`) without the server.

/** How many rows `conversation.list` returns: a list this long may have more beyond its end. */
export const INBOX_LIST_LIMIT = 100

/** What a loaded list was fetched with (`conversation.list`'s input). */
export interface InboxListFilter {
  section: InboxSection
  status: 'open' | 'closed'
  search: string
}

/** What `markRead` returns: the reader's row now that it is read, applied like a pushed update. */
export type InboxRowEvent =
  | InboxEvent
  | { type: 'conversation.read'; conversation: ConversationDTO; sections: InboxSection[] }

/**
 * One pushed event applied to a list an inbox has loaded, so that the list is what a fresh
 * `conversation.list` would return (Zulip's events model: a loaded state plus the events after it equals
 * a fresh read; packages/api/test/inbox-rows.test.ts holds the two side by side). Returns the new list,
 * `unchanged`, or `refetch` when the event cannot tell: a search is on and a row it may match comes in
 * (what matches is the server's to say), or the list was full and loses a row the server has to name.
 */
export function applyInboxEvent(
  list: readonly ConversationDTO[],
  filter: InboxListFilter,
  event: InboxRowEvent,
  limit: number,
): ConversationDTO[] | 'unchanged' | 'refetch' {
  if (event.type === 'conversation.removed') return without(list, event.conversationId, limit)
  if (event.type === 'message.created' && listedAfter(list, event)) return 'unchanged'
  const pushed = pushedRow(list, event)
  if (!pushed) return 'refetch'
  const { entry, sections } = pushed
  const listed = list.some((row) => row.id === entry.id)
  if (entry.status !== filter.status || !sections.includes(filter.section)) {
    return listed ? without(list, entry.id, limit) : 'unchanged'
  }
  // Unlisted in a full list, it comes from beyond its end, with an unread count only the server knows.
  if (!listed && (filter.search || (event.type === 'message.created' && list.length >= limit)))
    return 'refetch'
  const others = list.filter((row) => row.id !== entry.id)
  const at = others.findIndex((row) => row.lastMessageAt.getTime() < entry.lastMessageAt.getTime())
  const next = at === -1 ? [...others, entry] : [...others.slice(0, at), entry, ...others.slice(at)]
  // A full list that gains a row loses its last, as the server's limit would have it.
  return next.slice(0, limit)
}

/**
 * A row already at or past this message counts it: a list fetched after it was sent, or a state change
 * read after it (a reopening, whose row is read when its event is delivered, may already hold the message
 * that reopened it). The late event must neither count it again nor take the row back. A conversation's
 * messages each have a later time than the one before (`nextMessageTime`), so equal times are this message.
 */
function listedAfter(
  list: readonly ConversationDTO[],
  event: Extract<InboxRowEvent, { type: 'message.created' }>,
) {
  const listed = list.find((row) => row.id === event.conversationId)
  return listed !== undefined && listed.lastMessageAt.getTime() >= event.message.createdAt.getTime()
}

/** The row an event brings, unread count included, with the sections that list it. */
function pushedRow(
  list: readonly ConversationDTO[],
  event: Exclude<InboxRowEvent, { type: 'conversation.removed' }>,
): { entry: ConversationDTO; sections: InboxSection[] } | null {
  if (event.type !== 'message.created') return { entry: event.conversation, sections: event.sections }
  if (!event.row) return null
  const listed = list.find((row) => row.id === event.conversationId)
  return {
    entry: { ...event.row.entry, unread: (listed?.unread ?? 0) + (event.row.unreadAdded ? 1 : 0) },
    sections: event.row.sections,
  }
}

function without(list: readonly ConversationDTO[], id: string, limit: number) {
  if (!list.some((row) => row.id === id)) return 'unchanged' as const
  // The server would fill a full list's gap with a row this list has never seen.
  if (list.length >= limit) return 'refetch' as const
  return list.filter((row) => row.id !== id)
}
