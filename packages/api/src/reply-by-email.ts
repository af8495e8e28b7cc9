import { createHash, randomBytes } from 'node:crypto'
import { Agent, Contact, Organisation } from '@parley/db'
import { agentEmailReply, type DomainErrorCode, isFromRecipient, validateMessageBody } from '@parley/domain'
import {
  automaticMail,
  bodyMarker,
  type InboundMail,
  type InboundServer,
  type MailAddress,
  MailRefused,
  mailLanguageOf,
  type ReplyNotice,
  type ReplyRecipientKind,
  type ReplyTokenPayload,
  type ReplyTokenRefusal,
  replyAddress,
  replyNoticeMail,
  replyText,
  signReplyToken,
  startInboundServer,
  threadMessageId,
  tokenOfReplyAddress,
  tokensOfBodyMarkers,
  tokensOfMessageIds,
  verifyReplyToken,
} from '@parley/mail'
import { TRPCError } from '@trpc/server'
import { agentActorOf } from './agent-actors.ts'
import type { ApiDeps } from './context.ts'
import { type LoadedConversation, loadConversation } from './conversation-facts.ts'
import type { MessageDTO } from './dto.ts'
import { theOrganisation } from './helpdesk.ts'
import { perApi } from './per-api.ts'
import { type SendPolicy, sendQueueOf } from './send-queue.ts'
import { DomainRefusal } from './trpc.ts'

/**
 * Reply by email (issue 11, parts 3 and 4): notifications carry a signed token in their Reply-To, and a
 * reply to one is posted in its conversation as the person it was sent to, through the send queue like
 * a message from the chat or the inbox, so events, unread counts and live views follow as for those.
 */

/** How long a notification can be answered. */
export const REPLY_TOKEN_TTL_MS = 30 * 86_400_000

const secretOf = perApi((): { current: Promise<string> | null } => ({ current: null }))

/**
 * The helpdesk's secret for reply tokens, made on first use. Instances starting together may both make
 * one: the conditional write lets the first stand, and everyone reads back the secret that is stored.
 */
export function mailTokenSecretOf(deps: ApiDeps): Promise<string> {
  const cache = secretOf(deps)
  cache.current ??= (async () => {
    const em = deps.orm.em.fork()
    const organisation = await theOrganisation(em)
    if (!organisation.mailTokenSecret) {
      // A database from before setup may have no organisation row yet: store it first.
      await em.flush()
      await em.nativeUpdate(
        Organisation,
        { id: organisation.id, mailTokenSecret: null },
        { mailTokenSecret: randomBytes(32).toString('base64url') },
      )
      await em.refresh(organisation)
    }
    return organisation.mailTokenSecret!
  })().catch((error: unknown) => {
    cache.current = null
    throw error
  })
  return cache.current
}

function inboundDomainOf(deps: ApiDeps): string {
  return deps.settings.inboundEmailDomain || 'localhost'
}

export interface ReplyHeaders {
  /** `reply+<token>@INBOUND_EMAIL_DOMAIN`. */
  replyTo: MailAddress
  /** Names the token too, for clients that answer From instead of Reply-To. */
  messageId: string
  /** The conversation's thread in the recipient's mail client: the same for every notification of it. */
  references: string[]
  /** A line for the foot of the text part, the last way a reply is matched (quoted along with it). */
  bodyMarker: string
}

/** What a notification about `conversationId` to `recipient` sets so that a reply to it lands there. */
export async function replyHeadersFor(
  deps: ApiDeps,
  options: { conversationId: string; recipient: { kind: ReplyRecipientKind; id: string } },
): Promise<ReplyHeaders> {
  const secret = await mailTokenSecretOf(deps)
  const domain = inboundDomainOf(deps)
  const token = signReplyToken(
    {
      conversationId: options.conversationId,
      recipient: options.recipient,
      expiresAt: new Date(deps.now().getTime() + REPLY_TOKEN_TTL_MS),
    },
    secret,
  )
  return {
    replyTo: { address: replyAddress(token, domain) },
    messageId: threadMessageId(token, domain, randomBytes(6).toString('hex')),
    references: [`<conversation.${options.conversationId}@${domain}>`],
    bodyMarker: bodyMarker(token),
  }
}

/** Why a mail was not posted; logged as such, without the token or anything about the person. */
export type ReplyRefusal =
  | 'automatic'
  | 'no-token'
  | ReplyTokenRefusal
  | 'unknown-recipient'
  | 'not-from-recipient'
  | 'blocked'
  | 'ticket-closed'
  | 'empty'
  | DomainErrorCode

export type ReplyOutcome = { posted: SendPolicy; message: MessageDTO } | { refused: ReplyRefusal }

/**
 * One mail to a `reply+…` address: the token is looked for where the reply was sent (the envelope, To
 * and Cc), then in In-Reply-To and References, then in a body marker of the quoted notification.
 */
export async function receiveReply(deps: ApiDeps, mail: InboundMail): Promise<ReplyOutcome> {
  if (automaticMail(mail)) return { refused: 'automatic' }
  const verified = await tokenOf(deps, mail)
  if ('refused' in verified) return verified
  const { payload } = verified
  return payload.recipient.kind === 'customer'
    ? customerReply(deps, mail, payload)
    : agentReply(deps, mail, payload)
}

async function tokenOf(
  deps: ApiDeps,
  mail: InboundMail,
): Promise<{ payload: ReplyTokenPayload } | { refused: ReplyRefusal }> {
  const domain = inboundDomainOf(deps)
  const candidates = [
    ...[...mail.envelope.rcptTo, ...mail.recipients].map((address) => tokenOfReplyAddress(address, domain)),
    ...tokensOfMessageIds([mail.inReplyTo ?? '', ...mail.references], domain),
    ...tokensOfBodyMarkers(mail.text),
  ].filter((token) => token !== null)
  const tokens = [...new Set(candidates)]
  if (tokens.length === 0) return { refused: 'no-token' }
  const secret = await mailTokenSecretOf(deps)
  let firstRefusal: ReplyTokenRefusal | null = null
  for (const token of tokens) {
    const result = verifyReplyToken(token, secret, deps.now())
    if (result.ok) return { payload: result.payload }
    firstRefusal ??= result.reason
  }
  return { refused: firstRefusal ?? 'malformed' }
}

/** The same mail delivered twice (a sending server retrying) is one message: the send queue's idempotency. */
function clientIdOf(mail: InboundMail, payload: ReplyTokenPayload): string {
  if (!mail.messageId) return crypto.randomUUID()
  const key = `${mail.messageId}\n${payload.conversationId}\n${payload.recipient.id}`
  return `mail-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`
}

function bodyOf(mail: InboundMail): { body: string } | { refused: ReplyRefusal } {
  const checked = validateMessageBody(replyText(mail.text))
  if (checked.ok) return { body: checked.value }
  return { refused: checked.error.code === 'EMPTY_MESSAGE' ? 'empty' : checked.error.code }
}

/** The domain's refusal behind a send queue error, or null for anything unexpected. */
function refusalCode(error: unknown): DomainErrorCode | null {
  return error instanceof TRPCError && error.cause instanceof DomainRefusal ? error.cause.code : null
}

async function load(deps: ApiDeps, conversationId: string): Promise<LoadedConversation | null> {
  try {
    return await loadConversation(deps.orm.em.fork(), conversationId)
  } catch (error) {
    if (refusalCode(error) === 'NOT_VISIBLE') return null
    throw error
  }
}

async function customerReply(
  deps: ApiDeps,
  mail: InboundMail,
  payload: ReplyTokenPayload,
): Promise<ReplyOutcome> {
  const em = deps.orm.em.fork()
  const contact = await em.findOne(Contact, { id: payload.recipient.id })
  const loaded = await load(deps, payload.conversationId)
  if (!contact || !loaded || loaded.conversation.contact?.id !== contact.id) {
    return { refused: 'unknown-recipient' }
  }
  if (!isFromRecipient(contact.email, mail.from)) return { refused: 'not-from-recipient' }
  // Rule 7: dropped before anything is said back, by any channel.
  if (contact.blocked) return { refused: 'blocked' }
  const body = bodyOf(mail)
  if ('refused' in body) return body
  try {
    const message = await sendQueueOf(deps).send({
      conversationId: payload.conversationId,
      author: { kind: 'customer', id: contact.id },
      policy: 'customer',
      body: body.body,
      clientId: clientIdOf(mail, payload),
      attachments: [],
    })
    return { posted: 'customer', message }
  } catch (error) {
    const code = refusalCode(error)
    if (code === 'TICKET_CLOSED') {
      // Rule 4: not posted; the customer learns why and where to go on, as in the chat.
      await sendNotice(deps, mail, contact.email!, contact.name, {
        kind: 'ticketClosed',
        language: mailLanguageOf(contact.locale),
        subject: mail.subject,
        newConversationUrl: new URL('/chat/new', publicUrlOf(deps)).href,
      })
      return { refused: 'ticket-closed' }
    }
    if (code === 'CONTACT_BLOCKED') return { refused: 'blocked' }
    if (code) return { refused: code }
    throw error
  }
}

const NOTE_INSTEAD: readonly DomainErrorCode[] = ['NOT_ASSIGNED', 'OFFER_PENDING', 'TICKET_CLOSED']

async function agentReply(
  deps: ApiDeps,
  mail: InboundMail,
  payload: ReplyTokenPayload,
): Promise<ReplyOutcome> {
  const em = deps.orm.em.fork()
  const agent = await em.findOne(Agent, { id: payload.recipient.id })
  const loaded = await load(deps, payload.conversationId)
  if (!agent || agent.deactivatedAt || !loaded) return { refused: 'unknown-recipient' }
  if (!isFromRecipient(agent.email, mail.from)) return { refused: 'not-from-recipient' }
  const decision = agentEmailReply(loaded.facts, await agentActorOf(em, agent))
  if (!decision.ok) return { refused: decision.error.code }
  const body = bodyOf(mail)
  if ('refused' in body) return body
  const send = (policy: SendPolicy) =>
    sendQueueOf(deps).send({
      conversationId: payload.conversationId,
      author: { kind: 'agent', id: agent.id },
      policy,
      body: body.body,
      clientId: clientIdOf(mail, payload),
      attachments: [],
    })
  let policy: SendPolicy = decision.value.as
  let message: MessageDTO
  try {
    message = await send(policy)
  } catch (error) {
    const code = refusalCode(error)
    // Reassigned between the decision and the write: a note after all, as the domain says for that case.
    if (policy !== 'reply' || !code || !NOTE_INSTEAD.includes(code)) {
      if (code) return { refused: code }
      throw error
    }
    policy = 'note'
    message = await send(policy)
  }
  if (policy === 'note') {
    await sendNotice(deps, mail, agent.email, agent.name, {
      kind: 'postedAsNote',
      language: mailLanguageOf(agent.locale),
      subject: mail.subject,
      conversationUrl: new URL(`/c/${payload.conversationId}`, publicUrlOf(deps)).href,
    })
  }
  return { posted: policy, message }
}

function publicUrlOf(deps: ApiDeps): string {
  return deps.settings.publicUrl || 'http://localhost'
}

const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/

/** An automatic answer (RFC 3834): marked so that robots do not answer it in turn. */
async function sendNotice(
  deps: ApiDeps,
  mail: InboundMail,
  to: string,
  name: string | null | undefined,
  notice: ReplyNotice,
): Promise<void> {
  const content = replyNoticeMail(notice)
  const threaded = mail.messageId && MESSAGE_ID.test(mail.messageId) ? mail.messageId : undefined
  try {
    await deps.mailer.send({
      to: name ? { address: to, name } : { address: to },
      ...content,
      language: notice.language,
      ...(threaded && { inReplyTo: threaded, references: [threaded] }),
      headers: { 'Auto-Submitted': 'auto-replied' },
    })
  } catch (error) {
    // The reply's fate is decided and stored; a notice that cannot go out is not worth a redelivery.
    console.error('[mail] a notice about a reply by email was not sent:', (error as Error).message)
  }
}

/** The mail a refusal is logged with: its reason only, never the token, the sender or the text. */
function logOutcome(outcome: ReplyOutcome): void {
  if ('refused' in outcome) console.warn(`[mail] a reply by email was not posted: ${outcome.refused}`)
}

/** The inbound SMTP server on INBOUND_SMTP_PORT, taking replies for INBOUND_EMAIL_DOMAIN. */
export function startReplyByEmail(
  deps: ApiDeps,
  options: { port: number; host: string },
): Promise<InboundServer> {
  return startInboundServer({
    port: options.port,
    host: options.host,
    domain: inboundDomainOf(deps),
    // support@ is MAIL_FROM's usual address: a client that answers From instead of Reply-To sends there,
    // and the token is then found in In-Reply-To, References or the body marker.
    accepts: ['reply', 'support'],
    onMail: async (mail) => {
      const outcome = await receiveReply(deps, mail)
      logOutcome(outcome)
      // New conversations by email (issue 11, part 5) are not taken yet: said to the sender, not dropped.
      if ('refused' in outcome && outcome.refused === 'no-token') {
        throw new MailRefused('This address takes replies to notifications only. Please use the chat.')
      }
    },
  })
}
