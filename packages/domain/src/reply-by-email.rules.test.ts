import { describe, expect, it } from 'vitest'
import { agentEmailReply, isFromRecipient } from './reply-by-email.rules.ts'
import { admin, assignedAgent, customer, otherAgent, outcome, supportConversation } from './test-cast.ts'

const ticket = { number: 7, title: 'Refund', type: 'ticket', priority: 'normal' } as const

describe("an agent's reply by email (agentEmailReply)", () => {
  const as = (result: ReturnType<typeof agentEmailReply>) =>
    result.ok ? (result.value.as === 'note' ? `note (${result.value.because})` : 'reply') : outcome(result)

  it('is a reply from the agent the conversation is assigned to', () => {
    expect(as(agentEmailReply(supportConversation({ assigneeId: assignedAgent.id }), assignedAgent))).toBe(
      'reply',
    )
  })

  it('becomes an internal note from anyone else who sees it, saying why', () => {
    expect(as(agentEmailReply(supportConversation({ assigneeId: assignedAgent.id }), otherAgent))).toBe(
      'note (NOT_ASSIGNED)',
    )
    expect(as(agentEmailReply(supportConversation(), otherAgent))).toBe('note (NOT_ASSIGNED)')
    expect(
      as(agentEmailReply(supportConversation({ offeredAgentIds: [otherAgent.id], ticket }), otherAgent)),
    ).toBe('note (OFFER_PENDING)')
    const closed = supportConversation({ assigneeId: assignedAgent.id, status: 'closed', ticket })
    expect(as(agentEmailReply(closed, assignedAgent))).toBe('note (TICKET_CLOSED)')
  })

  it('is refused where the agent could not even note: in Trash, or for a customer', () => {
    expect(as(agentEmailReply(supportConversation({ trashed: true }), admin))).toBe('IN_TRASH')
    expect(as(agentEmailReply(supportConversation({ trashed: true }), otherAgent))).toBe('NOT_VISIBLE')
    expect(as(agentEmailReply(supportConversation(), customer))).toBe('AGENTS_ONLY')
  })
})

describe('whose reply it is (isFromRecipient)', () => {
  it('matches the address the mail went to, whatever the case', () => {
    expect(isFromRecipient('Carla@Example.com', 'carla@example.COM')).toBe(true)
    expect(isFromRecipient('carla@example.com', 'mallory@example.com')).toBe(false)
    expect(isFromRecipient(null, 'carla@example.com')).toBe(false)
    expect(isFromRecipient('carla@example.com', null)).toBe(false)
  })
})
