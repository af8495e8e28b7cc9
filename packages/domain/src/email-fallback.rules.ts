import { mentions } from './alert.rules.ts'
import type { Visibility } from './visibility.rules.ts'

/** Rule 12's 60 s default; configurable as EMAIL_FALLBACK_MS. */
export const DEFAULT_EMAIL_FALLBACK_MS = 60_000

export type FallbackRecipient =
  | { kind: 'customer'; email: string | null; onlineInChat: boolean; blocked: boolean }
  | { kind: 'agent'; email: string }

export interface FallbackMessage {
  visibility: Visibility
  createdAt: Date
  /** The recipient wrote it themselves. */
  ownMessage: boolean
  /** A system update ("Anna joined"): shown in the apps, never worth an email of its own. */
  system?: boolean
}

/**
 * Rule 12: a message its recipient has not seen within the delay is emailed to them. Customers get
 * replies only (never notes, rule 1), and only while not online in the chat.
 */
export function needsEmailFallback(
  message: FallbackMessage,
  recipient: FallbackRecipient,
  seenAt: Date | null,
  now: Date,
  delayMs = DEFAULT_EMAIL_FALLBACK_MS,
): boolean {
  if (message.ownMessage || message.system) return false
  if (seenAt !== null && seenAt >= message.createdAt) return false
  if (now.getTime() - message.createdAt.getTime() < delayMs) return false
  if (recipient.kind === 'agent') return true
  return (
    message.visibility === 'public' &&
    recipient.email !== null &&
    !recipient.onlineInChat &&
    !recipient.blocked
  )
}

export interface FallbackConversation {
  kind: 'support' | 'internal'
  assigneeId: string | null
  /** Participants and followers. */
  memberIds: readonly string[]
}

export interface FallbackAgent {
  id: string
  name: string
  /** Support-flagged or admin: sees every support conversation (rule 9). */
  seesSupport: boolean
}

/**
 * The agents a message is for, whom rule 12 mails if they miss it: the assignee, the participants and
 * followers, and colleagues it @mentions who may open the conversation (rule 9; an internal
 * conversation's are its members already). Not its author. An unassigned chat nobody is part of is the
 * inbox's to show, not a mail to every agent.
 */
export function agentsToTell(
  message: { authorAgentId: string | null; body: string },
  conversation: FallbackConversation,
  agents: readonly FallbackAgent[],
): string[] {
  const members = new Set(conversation.memberIds)
  if (conversation.assigneeId) members.add(conversation.assigneeId)
  return agents
    .filter((agent) => agent.id !== message.authorAgentId)
    .filter(
      (agent) =>
        members.has(agent.id) ||
        (message.authorAgentId !== null &&
          conversation.kind === 'support' &&
          agent.seesSupport &&
          mentions(message.body, agent.name)),
    )
    .map((agent) => agent.id)
}

/**
 * One mail per conversation and recipient: once a conversation's oldest message not yet dealt with is
 * due, everything after it up to now is dealt with in one go, and each recipient gets what they have not
 * seen of it in one mail — a later message of the burst goes along, sooner than its own delay, rather
 * than in a mail of its own a few seconds later. Whoever wrote in the conversation has seen what came
 * before their message, read marker or not.
 */
export function fallbackBatch<M extends FallbackMessage>(
  messages: readonly M[],
  recipient: FallbackRecipient,
  seenAt: Date | null,
): M[] {
  const ownLatest = messages.filter((message) => message.ownMessage).at(-1)?.createdAt ?? null
  const seen = seenAt && ownLatest ? (seenAt > ownLatest ? seenAt : ownLatest) : (seenAt ?? ownLatest)
  // Due-ness is the conversation's (the sweep's gate): here every message counts as due.
  return messages.filter((message) => needsEmailFallback(message, recipient, seen, message.createdAt, 0))
}
