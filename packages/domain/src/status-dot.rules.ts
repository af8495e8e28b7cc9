export type StatusDot = 'new' | 'missed'

export interface StatusDotFacts {
  kind: 'support' | 'internal'
  status: 'open' | 'closed'
  assigneeId: string | null
  /** Who wrote the last public message. */
  lastAuthorKind: 'agent' | 'customer' | 'system' | null
  lastMessageAt: Date
  lastCustomerMessageAt: Date | null
  assigneeOnline: boolean
}

export interface StatusDotViewer {
  agentId: string
  /** When this agent last opened the conversation. */
  readAt: Date | null
}

/** Rule 11's 30 s default; configurable as MISSED_AFTER_MS. */
export const DEFAULT_MISSED_AFTER_MS = 30_000

/**
 * Rule 11. Red (missed) outranks purple (new): the customer wrote last and either the assigned agent is
 * offline or nobody answered within `missedAfterMs`. It clears with a reply (the customer is no longer
 * last) or with the assigned agent coming online before the wait runs out. Purple: a new unassigned
 * conversation, or a new customer message in one assigned to the viewer, until the viewer opens it.
 */
export function statusDot(
  facts: StatusDotFacts,
  viewer: StatusDotViewer,
  now: Date,
  missedAfterMs = DEFAULT_MISSED_AFTER_MS,
): StatusDot | null {
  if (facts.kind !== 'support' || facts.status === 'closed') return null
  if (facts.lastAuthorKind === 'customer' && facts.lastCustomerMessageAt) {
    const waitedTooLong = now.getTime() - facts.lastCustomerMessageAt.getTime() >= missedAfterMs
    const assigneeAway = facts.assigneeId !== null && !facts.assigneeOnline
    if (waitedTooLong || assigneeAway) return 'missed'
  }
  const unseen = viewer.readAt === null || viewer.readAt < facts.lastMessageAt
  if (facts.assigneeId === null) return unseen ? 'new' : null
  const newCustomerMessage =
    facts.lastCustomerMessageAt !== null &&
    (viewer.readAt === null || viewer.readAt < facts.lastCustomerMessageAt)
  return facts.assigneeId === viewer.agentId && newCustomerMessage ? 'new' : null
}
