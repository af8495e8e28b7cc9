/**
 * Read receipts (issue 10, "Seen"): each side learns how far the other has read its messages: the
 * customer that the team has read theirs (never which agent), the team that the customer has read its
 * replies.
 */
export interface Read {
  /** The latest message of the side being told: the customer's, or the team's latest reply. */
  latestOfTheirs: Date | null
  /** How far the reads before this one covered their messages (null: none yet). */
  seenBefore: Date | null
  readAt: Date
}

/**
 * Whether this read is news for the other side: it covers a message of theirs that no earlier read
 * did. Reading again, or reading after something they cannot see (an internal note), changes nothing
 * they are shown, so it is not announced.
 */
export function isNewlySeen(read: Read): boolean {
  const { latestOfTheirs, seenBefore, readAt } = read
  if (latestOfTheirs === null || latestOfTheirs > readAt) return false
  return seenBefore === null || seenBefore < latestOfTheirs
}
