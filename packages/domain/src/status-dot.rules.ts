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
/**
 * When waiting alone turns this conversation red for everyone (rule 11), or null while it cannot: the
 * moment the sweep announces, so open inboxes and title counts change without anyone writing.
 */
export function missedByWaitingAt(
  facts: Pick<StatusDotFacts, 'kind' | 'status' | 'lastAuthorKind' | 'lastCustomerMessageAt'>,
  missedAfterMs = DEFAULT_MISSED_AFTER_MS,
): Date | null {
  if (facts.kind !== 'support' || facts.status === 'closed') return null
  if (facts.lastAuthorKind !== 'customer' || !facts.lastCustomerMessageAt) return null
  return new Date(facts.lastCustomerMessageAt.getTime() + missedAfterMs)
}

export function statusDot(
  facts: StatusDotFacts,
  viewer: StatusDotViewer,
  now: Date,
  missedAfterMs = DEFAULT_MISSED_AFTER_MS,
): StatusDot | null {
  if (facts.kind !== 'support' || facts.status === 'closed') return null
  if (facts.lastAuthorKind === 'customer' && facts.lastCustomerMessageAt) {
    const missedAt = missedByWaitingAt(facts, missedAfterMs)
    const waitedTooLong = missedAt !== null && now >= missedAt
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
