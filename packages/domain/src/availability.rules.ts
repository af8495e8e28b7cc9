/**
 * Issue 8, part 3: whether the helpdesk is answering now, as the customer's chat page says it ("We usually
 * reply in a few minutes" / "We are offline; leave a message and we reply by email"). An admin's switch
 * can take the whole helpdesk offline; switched on, it is online while someone who answers customers is.
 */
export type HelpdeskStatus = 'online' | 'offline'

export function helpdeskStatus(input: { switchedOn: boolean; customerAgentsOnline: number }): HelpdeskStatus {
  return input.switchedOn && input.customerAgentsOnline > 0 ? 'online' : 'offline'
}

/** The admin's own words for either state, at most this long; empty means the app's default words. */
export const MAX_HELPDESK_MESSAGE_LENGTH = 300

/**
 * An agent as colleagues see them in the inbox (issue 8, part 3): online while one of their inbox tabs
 * is in use, away while the inbox is open but none of its tabs has been used for AWAY_AFTER_IDLE_MS or
 * all are hidden, offline without an open inbox (past the reload grace period). Away still counts as
 * there for rule 11's Missed and for the helpdesk's availability: the open inbox alerts them.
 */
export type AgentPresence = 'online' | 'away' | 'offline'

export const AWAY_AFTER_IDLE_MS = 5 * 60_000

export function agentPresence(input: { inboxOpen: boolean; inUse: boolean }): AgentPresence {
  if (!input.inboxOpen) return 'offline'
  return input.inUse ? 'online' : 'away'
}
