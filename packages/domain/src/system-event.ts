import type { Visibility } from './visibility.rules.ts'

/** Updates that appear in the thread as system messages (rule 14: the customer's only updates view). */
export type SystemEvent =
  | { type: 'assigned'; agentName: string }
  | { type: 'unassigned' }
  | { type: 'closed' }
  | { type: 'reopened' }
  | { type: 'ticket_created'; number: number; title: string }
  | { type: 'video'; url: string }
  | { type: 'trashed' }
  | { type: 'restored' }

/**
 * Rule 14: customers see status changes, who joined and video links in their messenger. An agent
 * stepping away (unassigned) and Trash are inbox bookkeeping, not news for the customer.
 */
export function systemEventVisibility(event: SystemEvent): Visibility {
  return event.type === 'unassigned' || event.type === 'trashed' || event.type === 'restored'
    ? 'internal'
    : 'public'
}
