import { describe, expect, it } from 'vitest'
import { type SystemEvent, systemEventVisibility } from './system-event.ts'

describe('system messages in the thread (systemEventVisibility)', () => {
  it.each<[string, SystemEvent]>([
    ['an agent joined ("Anna joined")', { type: 'assigned', agentName: 'Anna' }],
    ['the conversation was closed', { type: 'closed' }],
    ['the conversation was reopened', { type: 'reopened' }],
    ['a ticket was created', { type: 'ticket_created', number: 42, title: 'Refund' }],
    ['a video link', { type: 'video', url: 'https://video.example/room/1' }],
  ])('the customer sees in their messenger that %s', (_, event) => {
    expect(systemEventVisibility(event)).toBe('public')
  })

  it.each<[string, SystemEvent]>([
    ['an agent stepping away (unassigned)', { type: 'unassigned' }],
    ['routing to a team queue', { type: 'team_assigned', teamName: 'Billing' }],
    ['leaving every team queue', { type: 'team_unassigned' }],
    ['a close the agent chose not to announce', { type: 'closed', quietly: true }],
    ['moving to Trash', { type: 'trashed' }],
  ])('%s stays among agents', (_, event) => {
    expect(systemEventVisibility(event)).toBe('internal')
  })
})
