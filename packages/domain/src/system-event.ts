import type { TicketPriority, TicketType } from './conversation.rules.ts'
import type { Visibility } from './visibility.rules.ts'

/** Updates that appear in the thread as system messages (rule 14: the customer's only updates view). */
export type SystemEvent =
  | { type: 'assigned'; agentName: string }
  | { type: 'unassigned' }
  /** `quietly`: closed without telling the customer (rule 14's exception, chosen by the agent). */
  | { type: 'closed'; quietly?: true }
  | { type: 'reopened' }
  | { type: 'ticket_created'; number: number; title: string }
  /** The customer sees their ticket's title in the messenger: a new one is news for them. */
  | { type: 'ticket_renamed'; title: string }
  /** Priority and ticket/task are the team's triage. */
  | { type: 'ticket_prioritised'; priority: TicketPriority }
  | { type: 'ticket_retyped'; ticketType: TicketType }
  /** The customer's conversation is now part of that ticket (issue 9, part 2): their news. */
  | { type: 'linked_to_ticket'; number: number; title: string }
  /** A customer's new conversation after their ticket was closed (issue 9, part 7): it continues that one. */
  | { type: 'follows_up'; number: number; title: string }
  /** In the ticket's own thread: a conversation was linked into it, for the team. */
  | { type: 'conversation_linked' }
  /** Rule 6's offers are the team's bookkeeping; the customer hears who joins when one is accepted. */
  | { type: 'offered'; agentNames: string[]; teamName: string | null }
  | { type: 'offer_withdrawn' }
  | { type: 'offer_expired' }
  /** A colleague asked into a conversation between agents (rule 8). */
  | { type: 'participant_added'; agentName: string }
  | { type: 'video'; url: string }
  | { type: 'trashed' }
  | { type: 'restored' }
  /** Routing between team queues is the team's bookkeeping; the customer hears who joins (`assigned`). */
  | { type: 'team_assigned'; teamName: string }
  | { type: 'team_unassigned' }

/**
 * Rule 14: customers see status changes, who joined, their ticket's title and video links in their
 * messenger. An agent stepping away (unassigned), team queues, Trash, a ticket's priority and type and a
 * close the agent chose to keep quiet are inbox bookkeeping, not news for the customer.
 */
export function systemEventVisibility(event: SystemEvent): Visibility {
  switch (event.type) {
    case 'unassigned':
    case 'team_assigned':
    case 'team_unassigned':
    case 'trashed':
    case 'restored':
    case 'ticket_prioritised':
    case 'ticket_retyped':
    case 'conversation_linked':
    case 'offered':
    case 'offer_withdrawn':
    case 'offer_expired':
      return 'internal'
    case 'closed':
      return event.quietly ? 'internal' : 'public'
    default:
      return 'public'
  }
}
