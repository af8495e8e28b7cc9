import { type AgentActor, handlesCustomers, isInTeam } from './actor.ts'
import { type ConversationFacts, isFollowing } from './conversation.rules.ts'

/**
 * Issue 8, part 9: what a new message means to one agent, so their inbox can alert them (desktop
 * notification, sound) while they work elsewhere. Agents miss chats when alerts fire too rarely and mute
 * them when they fire too often: only these four, and never for what the agent wrote themselves.
 */
export type AlertReason = 'mention' | 'direct' | 'mine' | 'followed' | 'new_chat'

export interface AlertMessage {
  authorKind: 'agent' | 'customer' | 'system'
  authorId: string | null
  body: string
}

/** "@Anna" or "@Anna Weber" for an agent named Anna Weber: the full name or the first name, as a word. */
export function mentions(body: string, agentName: string): boolean {
  const full = agentName.trim()
  if (!full) return false
  const first = full.split(/\s+/)[0] ?? full
  const names = [...new Set([full, first])].map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`(^|[^\\p{L}\\p{N}_])@(${names.join('|')})(?![\\p{L}\\p{N}_])`, 'iu').test(body)
}

/**
 * Most specific first: a colleague naming them; a colleague writing in a conversation between agents
 * they are part of (rule 8); anything in a conversation assigned to them; anything in
 * one they follow (issue 9, part 4: following asks for just that); a customer waiting in an open
 * conversation nobody has taken, for those who would take it (rule 9, team queues). The caller has
 * already decided the agent may see the message (an internal note reaches agents only).
 */
export function alertFor(
  message: AlertMessage,
  conversation: ConversationFacts,
  agent: AgentActor & { name: string },
): AlertReason | null {
  if (message.authorKind === 'system' || conversation.trashed) return null
  if (message.authorKind === 'agent' && message.authorId === agent.id) return null
  if (message.authorKind === 'agent' && mentions(message.body, agent.name)) return 'mention'
  // A colleague writing to them directly (rule 8): they are in it, or they would not see it.
  if (conversation.kind === 'internal') return 'direct'
  if (conversation.assigneeId === agent.id) return 'mine'
  if (isFollowing(conversation, agent.id)) return 'followed'
  const waiting =
    message.authorKind === 'customer' &&
    conversation.kind === 'support' &&
    conversation.status === 'open' &&
    conversation.assigneeId === null
  if (!waiting) return null
  const wouldTakeIt = conversation.teamId ? isInTeam(agent, conversation.teamId) : handlesCustomers(agent)
  return wouldTakeIt ? 'new_chat' : null
}
