import { InboxReadModel, type LogEntry, WriteStore } from '@parley/db'
import { isNewlySeen } from '@parley/domain'
import superjson from 'superjson'
import type { ApiDeps } from './context.ts'
import type { LoadedConversation } from './conversation-facts.ts'
import { announceCommit } from './conversation-writer.ts'

/**
 * Issue 10's read receipts ("Seen"), both ways. A read moves the reader's marker; when the domain says
 * it is news for the other side, the same transaction logs a `conversation.read` event, which their
 * subscriptions turn into a fresh view of the conversation (the views read how far it is seen from the
 * database, so the event itself carries no time).
 */
export interface ReadPayload {
  conversationId: string
  /** Whose read: the team's is news for the customer, the customer's for the agents. */
  reader: 'team' | 'customer'
}

function receipt(loaded: LoadedConversation, reader: ReadPayload['reader'], at: Date): LogEntry {
  const payload: ReadPayload = { conversationId: loaded.conversation.id, reader }
  return {
    conversationId: loaded.conversation.id,
    createdAt: at,
    events: [
      {
        type: 'conversation.read',
        // The team's read goes to the customer's stream; the customer's stays among agents.
        visibility: reader === 'team' ? 'public' : 'internal',
        payload: superjson.serialize(payload),
      },
    ],
    access: loaded.facts,
    contactId: loaded.conversation.contact?.id ?? null,
  }
}

/**
 * An agent has opened the conversation. News for the customer only when it covers a message of theirs no
 * agent had read: reading after a note (or reading again) tells them nothing.
 */
export async function markReadByAgent(deps: ApiDeps, loaded: LoadedConversation, agentId: string) {
  const { conversation } = loaded
  const at = deps.now()
  const seen = await InboxReadModel.of(deps.orm).teamSeenUpTo([conversation.id])
  const news =
    conversation.kind === 'support' &&
    isNewlySeen({
      latestOfTheirs: conversation.lastCustomerMessageAt ?? null,
      seenBefore: seen.get(conversation.id) ?? null,
      readAt: at,
    })
  await WriteStore.of(deps.orm).markAgentRead(
    { conversationId: conversation.id, agentId, at },
    news ? receipt(loaded, 'team', at) : null,
  )
  if (news) announceCommit(deps)
}

/** The customer has read the conversation: news for the agents when it covers a reply they had not read. */
export async function markReadByCustomer(deps: ApiDeps, loaded: LoadedConversation) {
  const { conversation } = loaded
  const at = deps.now()
  const news = isNewlySeen({
    latestOfTheirs: conversation.lastAgentReplyAt ?? null,
    seenBefore: conversation.contactLastReadAt ?? null,
    readAt: at,
  })
  await WriteStore.of(deps.orm).markContactRead(
    conversation.id,
    at,
    news ? receipt(loaded, 'customer', at) : null,
  )
  if (news) announceCommit(deps)
}
