import type { Actor } from './actor.ts'

/** Rule 1: a reply (`public`) reaches the customer; a note (`internal`) stays among agents. */
export type Visibility = 'public' | 'internal'

/**
 * Decided once, at fan-out: anything carrying a visibility (a message, an event, a typing signal,
 * an attachment, a preview) passes through here before it reaches a viewer. Customers only ever get
 * public things; agents and the system get everything their conversation access already allowed.
 */
export function isVisibleTo(item: { visibility: Visibility }, viewer: Actor): boolean {
  return viewer.kind !== 'customer' || item.visibility === 'public'
}

/** A message as far as "unread" is concerned. */
export interface UnreadCandidate {
  visibility: Visibility
  /** Who wrote it, or whose action a system notice records ("Anna assigned…"); null for the system's own. */
  causedBy: { kind: 'agent' | 'customer'; id: string } | null
  createdAt: Date
}

/** The viewer as "unread" tells them apart: an agent or a customer by id, never the system. */
type Reader = { kind: 'agent'; id: string } | { kind: 'customer'; id: string }

/**
 * What counts as unread, for agents and customers alike: anything in the thread the viewer may see
 * (rule 1), that they neither wrote nor caused, after they last read the conversation. The read models
 * count in SQL by `unreadCriteria`, this definition as data; `countsAsUnread` is it as a predicate.
 */
export function unreadCriteria(viewer: Actor): { visibilities: Visibility[]; notCausedBy: Reader | null } {
  const visibilities = (['public', 'internal'] as const).filter((visibility) =>
    isVisibleTo({ visibility }, viewer),
  )
  const notCausedBy: Reader | null =
    viewer.kind === 'agent'
      ? { kind: 'agent', id: viewer.id }
      : viewer.kind === 'customer'
        ? { kind: 'customer', id: viewer.contactId }
        : null
  return { visibilities, notCausedBy }
}

export function countsAsUnread(message: UnreadCandidate, viewer: Actor, readAt: Date | null): boolean {
  const { visibilities, notCausedBy } = unreadCriteria(viewer)
  const own =
    notCausedBy !== null &&
    message.causedBy?.kind === notCausedBy.kind &&
    message.causedBy.id === notCausedBy.id
  return visibilities.includes(message.visibility) && !own && (readAt === null || message.createdAt > readAt)
}
