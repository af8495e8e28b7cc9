import {
  Agent,
  ConversationMember,
  Conversation as ConversationRow,
  loggableError,
  MailFallback,
  Message,
  PendingMail,
  ReadMarker,
} from '@parley/db'
import {
  agentsToTell,
  DEFAULT_EMAIL_FALLBACK_MS,
  type FallbackMessage,
  type FallbackRecipient,
  fallbackBatch,
} from '@parley/domain'
import { mailLanguageOf, newMessagesMail } from '@parley/mail'
import type { ApiDeps } from './context.ts'
import { theOrganisation } from './helpdesk.ts'
import {
  conversationLinkOf,
  conversationTitleOf,
  customerNameOf,
  mailboxOf,
  notifiedMessagesOf,
} from './mail-content.ts'
import { presenceKey } from './presence.ts'
import { replyHeadersFor } from './reply-by-email.ts'

/**
 * Rule 12, the email fallback, in two steps that each survive a crash and several instances:
 *
 * 1. `queueFallbackMail`: a conversation whose oldest message not yet dealt with is EMAIL_FALLBACK_MS
 *    old is dealt with up to a few seconds ago, in one transaction: for each recipient who has not seen
 *    some of it, one `pending_mail` row, and `mailed_through` moved on — conditional on where it stood,
 *    so of several instances one does it, and a restart finds the rows still there.
 * 2. `sendPendingMail`: each row is taken by one instance for a while (`claimed_until`), checked once
 *    more (read meanwhile? back in the chat?), rendered in the recipient's language and sent; removed
 *    once sent, tried again later when the mail server failed.
 */

/** Messages this young may still be committing on another connection: the next sweep takes them. */
const SETTLE_MS = 5_000
/** Conversations whose last message is older than this are not looked at: a day-old miss is no news. */
const HORIZON_MS = 24 * 60 * 60_000
const BATCH = 50
const MESSAGES_PER_BATCH = 200
/** An instance has this long to send a mail it took before another may take it. */
const CLAIM_MS = 2 * 60_000
const MAX_ATTEMPTS = 8

type Recipient = { agentId: string } | { contactId: string }

interface Batch {
  recipient: Recipient
  messageIds: string[]
}

const fallbackMessageOf = (message: Message, recipientAgentId: string | null): FallbackMessage => ({
  visibility: message.visibility,
  createdAt: message.createdAt,
  ownMessage:
    recipientAgentId === null
      ? message.authorKind === 'customer'
      : message.authorKind === 'agent' && message.authorAgent?.id === recipientAgentId,
  system: message.kind === 'system',
})

/** Step 1: returns the conversations this instance dealt with. */
export async function queueFallbackMail(deps: ApiDeps): Promise<string[]> {
  const delayMs = deps.settings.emailFallbackMs ?? DEFAULT_EMAIL_FALLBACK_MS
  const now = deps.now().getTime()
  const due = await MailFallback.of(deps.orm).due({
    dueBefore: new Date(now - delayMs),
    horizon: new Date(now - HORIZON_MS),
    limit: BATCH,
  })
  const dealt: string[] = []
  if (due.length === 0) return dealt
  // Who could be told, once per sweep rather than once per conversation.
  const agents = await deps.orm.em.fork().find(Agent, { deactivatedAt: null })
  for (const conversation of due) {
    const upTo = new Date(Math.max(now - SETTLE_MS, now - delayMs))
    const queued = await deps.orm.em.fork().transactional(async (em) => {
      const messages = await em.find(
        Message,
        {
          conversation: conversation.conversationId,
          createdAt: {
            $lte: upTo,
            ...(conversation.mailedThrough ? { $gt: conversation.mailedThrough } : {}),
          },
        },
        { orderBy: { createdAt: 'asc' }, limit: MESSAGES_PER_BATCH },
      )
      const last = messages.at(-1)
      if (!last) return false
      const claimed = await em.nativeUpdate(
        ConversationRow,
        { id: conversation.conversationId, mailedThrough: conversation.mailedThrough },
        { mailedThrough: last.createdAt },
      )
      if (claimed !== 1) return false // another instance dealt with it
      for (const batch of await batchesOf(deps, em, conversation.conversationId, messages, agents)) {
        em.create(PendingMail, {
          conversation: conversation.conversationId,
          agent: 'agentId' in batch.recipient ? batch.recipient.agentId : null,
          contact: 'contactId' in batch.recipient ? batch.recipient.contactId : null,
          messageIds: batch.messageIds,
          dueAt: new Date(now),
        })
      }
      await em.flush()
      return true
    })
    if (queued) dealt.push(conversation.conversationId)
  }
  return dealt
}

type Em = ReturnType<ApiDeps['orm']['em']['fork']>

/** Who has not seen which of these messages, as rule 12 and rule 1 have it. */
async function batchesOf(
  deps: ApiDeps,
  em: Em,
  conversationId: string,
  messages: Message[],
  agents: readonly Agent[],
): Promise<Batch[]> {
  const conversation = await em.findOneOrFail(ConversationRow, conversationId, { populate: ['contact'] })
  const [members, markers] = await Promise.all([
    em.find(ConversationMember, { conversation: conversationId }),
    em.find(ReadMarker, { conversation: conversationId }),
  ])
  const facts = {
    kind: conversation.kind,
    assigneeId: conversation.assignee?.id ?? null,
    memberIds: members.map((member) => member.agent.id),
  }
  const team = agents.map((agent) => ({
    id: agent.id,
    name: agent.name,
    seesSupport: agent.role === 'admin' || agent.support,
  }))
  const batches: Batch[] = []

  // Which messages are for whom; what they have seen is judged over the whole batch (their own included).
  const toldAgents = new Map<string, Set<string>>()
  for (const message of messages) {
    const authorAgentId = message.authorKind === 'agent' ? (message.authorAgent?.id ?? null) : null
    for (const agentId of agentsToTell({ authorAgentId, body: message.body }, facts, team)) {
      toldAgents.set(agentId, (toldAgents.get(agentId) ?? new Set()).add(message.id))
    }
  }
  for (const [agentId, theirs] of toldAgents) {
    const agent = agents.find((candidate) => candidate.id === agentId)!
    const seenAt = markers.find((marker) => marker.agent.id === agentId)?.readAt ?? null
    const unseen = fallbackBatch(
      messages.map((message) => ({ message, ...fallbackMessageOf(message, agentId) })),
      { kind: 'agent', email: agent.email },
      seenAt,
    ).filter((candidate) => theirs.has(candidate.message.id))
    if (unseen.length > 0)
      batches.push({ recipient: { agentId }, messageIds: unseen.map((u) => u.message.id) })
  }

  const contact = conversation.contact
  if (conversation.kind === 'support' && contact) {
    const recipient: FallbackRecipient = {
      kind: 'customer',
      email: contact.email ?? null,
      onlineInChat: deps.presence.isOnline(presenceKey.contact(contact.id)),
      blocked: contact.blocked,
    }
    const unseen = fallbackBatch(
      messages.map((message) => ({ message, ...fallbackMessageOf(message, null) })),
      recipient,
      conversation.contactLastReadAt ?? null,
    )
    if (unseen.length > 0) {
      batches.push({ recipient: { contactId: contact.id }, messageIds: unseen.map((u) => u.message.id) })
    }
  }
  return batches
}

/** Step 2: returns how many mails this instance sent. */
export async function sendPendingMail(deps: ApiDeps): Promise<number> {
  const now = deps.now()
  const em = deps.orm.em.fork()
  const free = { $or: [{ claimedUntil: null }, { claimedUntil: { $lt: now } }] }
  const due = await em.find(
    PendingMail,
    { dueAt: { $lte: now }, ...free },
    { orderBy: { dueAt: 'asc' }, limit: BATCH },
  )
  let sent = 0
  for (const pending of due) {
    const taken = await em.nativeUpdate(
      PendingMail,
      { id: pending.id, ...free },
      { claimedUntil: new Date(now.getTime() + CLAIM_MS), attempts: pending.attempts + 1 },
    )
    if (taken !== 1) continue
    try {
      if (await sendOne(deps, em, pending)) sent++
      await em.nativeDelete(PendingMail, { id: pending.id })
    } catch (error) {
      const attempts = pending.attempts + 1
      if (attempts >= MAX_ATTEMPTS) {
        console.error('[mail] giving up on a mail after', attempts, 'attempts:', loggableError(error))
        await em.nativeDelete(PendingMail, { id: pending.id })
        continue
      }
      // 1, 2, 4 … minutes: a mail server that is down gets time to come back.
      await em.nativeUpdate(
        PendingMail,
        { id: pending.id },
        {
          claimedUntil: null,
          dueAt: new Date(now.getTime() + 60_000 * 2 ** (attempts - 1)),
          lastError: String((error as Error).message ?? error).slice(0, 500),
        },
      )
    }
  }
  return sent
}

/** Sends one pending mail; false when there is nothing left to tell (read meanwhile, back in the chat). */
async function sendOne(deps: ApiDeps, em: Em, pending: PendingMail): Promise<boolean> {
  const conversation = await em.findOne(ConversationRow, pending.conversation.id, { populate: ['contact'] })
  if (!conversation || conversation.trashedAt) return false
  const contact = conversation.contact
  const agent = pending.agent ? await em.findOne(Agent, pending.agent.id) : null
  if (pending.agent && (!agent || agent.deactivatedAt)) return false
  if (!agent && !contact) return false
  const messages = await em.find(
    Message,
    { id: { $in: pending.messageIds }, conversation: conversation.id },
    { orderBy: { createdAt: 'asc' }, populate: ['authorAgent'] },
  )
  // Rule 12 once more, at the last moment: read since, back in the chat, blocked — and never a note
  // to a customer (rule 1), whatever the row says.
  const recipient: FallbackRecipient = agent
    ? { kind: 'agent', email: agent.email }
    : {
        kind: 'customer',
        email: contact!.email ?? null,
        onlineInChat: deps.presence.isOnline(presenceKey.contact(contact!.id)),
        blocked: contact!.blocked,
      }
  const seenAt = agent
    ? ((await em.findOne(ReadMarker, { conversation: conversation.id, agent: agent.id }))?.readAt ?? null)
    : (conversation.contactLastReadAt ?? null)
  const unseen = fallbackBatch(
    messages.map((message) => ({ message, ...fallbackMessageOf(message, agent?.id ?? null) })),
    recipient,
    seenAt,
  ).map(({ message }) => message)
  if (unseen.length === 0) return false

  const reader = agent ? 'agent' : 'customer'
  const person = agent ?? { email: contact!.email!, name: contact!.name, locale: contact!.locale }
  const to = mailboxOf(person)
  const language = mailLanguageOf(person.locale)
  const organisation = await theOrganisation(em)
  const content = newMessagesMail({
    language,
    recipientName: to.name,
    organisationName: organisation.name,
    conversationTitle: conversationTitleOf(conversation, organisation.name, reader),
    conversationUrl: conversationLinkOf(deps.settings.publicUrl, conversation.id, reader),
    messages: notifiedMessagesOf(unseen, organisation.name, customerNameOf(contact, '—')),
  })
  // A reply to this mail lands in the conversation as this person (issue 11, part 3); all mails of a
  // conversation thread together in their mail client.
  const reply = await replyHeadersFor(deps, {
    conversationId: conversation.id,
    recipient: agent ? { kind: 'agent', id: agent.id } : { kind: 'customer', id: contact!.id },
  })
  await deps.mailer.send({
    to,
    ...content,
    text: `${content.text}\n\n${reply.bodyMarker}`,
    language,
    replyTo: reply.replyTo,
    messageId: reply.messageId,
    inReplyTo: reply.references[0],
    references: reply.references,
    // RFC 3834: an out-of-office reply to a notification should not come back.
    headers: { 'Auto-Submitted': 'auto-generated' },
  })
  return true
}
