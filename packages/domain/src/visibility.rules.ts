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
