import {
  type Append,
  AttachmentTaken,
  type AuthorSnapshot,
  Contact,
  type ConversationSnapshot,
  type SendReads,
  type StoredAttachment,
  type StoredMessage,
  WriteStore,
} from '@parley/db'
import {
  type Actor,
  type ConversationFacts,
  canNote,
  canReply,
  changeStatus,
  customerPost,
  isRetryOf,
  previewOf,
  type Result,
  systemActor,
  type Visibility,
} from '@parley/domain'
import { toPlainText } from '@parley/markdown'
import { TRPCError } from '@trpc/server'
import superjson from 'superjson'
import type { ApiDeps } from './context.ts'
import { factsOfSnapshot, loadConversation } from './conversation-facts.ts'
import { announceCommit, ConversationWriter, nextMessageTime } from './conversation-writer.ts'
import type { MessageDTO } from './dto.ts'
import { refuse, unwrap } from './trpc.ts'

/** Which rule admits the message: rule 2 (reply), rule 3 (note), rules 4 and 7 (the customer writes). */
export type SendPolicy = 'reply' | 'note' | 'customer'

export interface SendRequest {
  conversationId: string
  author: { kind: 'agent' | 'customer'; id: string }
  policy: SendPolicy
  /** Already validated by the domain (validateMessageBody). */
  body: string
  clientId: string
  /** The sender's uploads for this conversation (attachmentsForSend), claimed as the message is stored. */
  attachments: StoredAttachment[]
}

interface Job {
  request: SendRequest
  resolve(message: MessageDTO): void
  reject(error: unknown): void
}

/**
 * How much of a message its list preview is made from. Parsing Markdown can take time quadratic in
 * the length for adversarial input (55 ms for 10,000 characters of "_a", under 1 ms for 1,000), and it
 * runs here on the hot path; a preview shows 140 characters anyway.
 */
const PREVIEW_SOURCE_LENGTH = 1_000

/** How often a batch is decided again when conversations keep changing under it before it gives up. */
const MAX_DECISIONS = 5

/** Large enough to absorb a burst in one transaction, small enough to keep one batch's latency low. */
const MAX_BATCH = 256

/**
 * Group commit for messages in existing conversations, the product's hot path. Sends that arrive while a
 * batch is being written wait for the next one; each batch reads what it needs in five queries, lets the
 * domain decide every message on those fresh facts, and stores all of them with their events in one
 * transaction, on condition that no conversation changed state since the read (else it decides again).
 * Every send is answered only after its commit, so durability is that of a single send.
 */
export class SendQueue {
  readonly #store: WriteStore
  #waiting: Job[] = []
  #draining = false

  constructor(private readonly deps: ApiDeps) {
    this.#store = WriteStore.of(deps.orm)
  }

  send(request: SendRequest): Promise<MessageDTO> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ request, resolve, reject })
      if (!this.#draining) {
        this.#draining = true
        // After the current I/O phase: sends that arrived on other sockets in the same tick join this batch.
        setImmediate(() => void this.#drain())
      }
    })
  }

  async #drain() {
    try {
      while (this.#waiting.length > 0) await this.#process(this.#waiting.splice(0, MAX_BATCH))
    } finally {
      this.#draining = false
    }
  }

  async #process(batch: Job[]) {
    try {
      await this.#write(batch)
    } catch {
      if (batch.length > 1) {
        // One message broke the shared transaction (a duplicate stored meanwhile by another instance):
        // nothing was stored, so each is written on its own and fails or succeeds by itself.
        for (const job of batch) await this.#process([job])
        return
      }
      // A lone send that lost a race to its own retry: the second attempt finds it and answers with it.
      await this.#write(batch).catch((again: unknown) => batch[0]?.reject(asRefusal(again)))
    }
  }

  async #write(batch: Job[]) {
    const requests = batch.map((job) => job.request)
    const request = {
      conversationIds: requests.map((r) => r.conversationId),
      agentIds: requests.filter((r) => r.author.kind === 'agent').map((r) => r.author.id),
      contactIds: requests.filter((r) => r.author.kind === 'customer').map((r) => r.author.id),
      clientIds: requests.map((r) => r.clientId),
    }
    for (let attempt = 1; ; attempt += 1) {
      // Read, let the domain decide with no connection held, then write only if nothing changed meanwhile.
      const reads = await this.#store.readForSend(request)
      const settle: Array<() => void> = []
      const reopening: Job[] = []
      const appends: Append[] = []
      for (const job of batch) {
        try {
          const outcome = this.#decide(job.request, reads)
          if (outcome === 'reopens') reopening.push(job)
          else if ('retry' in outcome) settle.push(() => job.resolve(outcome.retry))
          else {
            appends.push(outcome.append)
            settle.push(() => job.resolve(outcome.message))
          }
        } catch (refusal) {
          settle.push(() => job.reject(refusal))
        }
      }
      if (appends.length > 0) {
        const stored = await this.#store.appendBatch(appends)
        if (stored === null) {
          // A state change (closed, reassigned…) committed between the read and the write: decide again.
          if (attempt < MAX_DECISIONS) continue
          throw new Error(`A conversation kept changing while ${batch.length} message(s) were decided.`)
        }
        announceCommit(this.deps)
      }
      for (const done of settle) done()
      // Not awaited: the message is queued again behind this batch, which must finish first.
      for (const job of reopening) void this.#reopenAndSend(job).then(job.resolve, job.reject)
      return
    }
  }

  /** The domain's verdict on one message, on the batch's fresh facts; refusals are thrown. */
  #decide(
    request: SendRequest,
    reads: SendReads,
  ): 'reopens' | { retry: MessageDTO } | { append: Append; message: MessageDTO } {
    const snapshot = reads.conversations.get(request.conversationId)
    const author = (request.author.kind === 'agent' ? reads.agents : reads.contacts).get(request.author.id)
    if (!snapshot || !author) refuse('NOT_VISIBLE', 'Conversation not found.')
    const key = `${request.conversationId} ${request.clientId}`
    const earlier = reads.sent.get(key)
    if (earlier) return { retry: asRetry(earlier, request) }
    if (unwrap(decide(request, factsOfSnapshot(snapshot), actorOf(request, author))).reopens) return 'reopens'

    const message = newMessage(request, author, stamp(snapshot, this.deps.now()))
    // A second copy of this send later in the same batch is a retry of this one.
    reads.sent.set(key, message)
    const newParticipant =
      request.author.kind === 'agent' && !snapshot.memberIds.includes(author.id) ? author.id : null
    if (newParticipant) snapshot.memberIds.push(newParticipant)
    return {
      message,
      append: {
        message: {
          ...message,
          authorAgentId: request.author.kind === 'agent' ? author.id : null,
          authorContactId: request.author.kind === 'customer' ? author.id : null,
        },
        preview: previewOf(previewSource(message)),
        newParticipant,
        events: [
          { type: 'message.created', visibility: message.visibility, payload: superjson.serialize(message) },
        ],
        access: factsOfSnapshot(snapshot),
        contactId: snapshot.contactId,
        expectedVersion: snapshot.version,
      },
    }
  }

  /**
   * Rule 4: a closed plain chat is reopened by the customer's next message. The reopening is a state
   * change (status, a system message, its events) and takes the entity path; the message itself then
   * goes through the queue like any other, now into an open conversation.
   */
  async #reopenAndSend(job: Job): Promise<MessageDTO> {
    const em = this.deps.orm.em.fork()
    const loaded = await loadConversation(em, job.request.conversationId)
    const contact = await em.findOneOrFail(Contact, { id: job.request.author.id })
    const actor = actorOf(job.request, { id: contact.id, name: contact.name ?? '', blocked: contact.blocked })
    if (unwrap(customerPost(loaded.facts, actor)).reopens) {
      const { status, event } = unwrap(changeStatus(loaded.facts, 'reopen', systemActor))
      loaded.conversation.status = status
      const writer = new ConversationWriter(em, this.deps)
      writer.changed(loaded, event, null)
      await writer.commit()
    }
    return this.send(job.request)
  }
}

const queues = new WeakMap<ApiDeps, SendQueue>()

/** One queue per running API (per server, per test harness). */
export function sendQueueOf(deps: ApiDeps): SendQueue {
  let queue = queues.get(deps)
  if (!queue) {
    queue = new SendQueue(deps)
    queues.set(deps, queue)
  }
  return queue
}

const visibilityOf = (policy: SendPolicy): Visibility => (policy === 'note' ? 'internal' : 'public')

function decide(request: SendRequest, facts: ConversationFacts, actor: Actor): Result<{ reopens: boolean }> {
  if (request.policy === 'customer') return customerPost(facts, actor)
  const verdict = (request.policy === 'reply' ? canReply : canNote)(facts, actor)
  return verdict.ok ? { ok: true, value: { reopens: false } } : verdict
}

/** The actor as of this batch: a block or a role change made a moment ago already counts. */
function actorOf(request: SendRequest, author: AuthorSnapshot): Actor {
  if (request.author.kind === 'customer') {
    return { kind: 'customer', contactId: author.id, blocked: author.blocked ?? false }
  }
  return {
    kind: 'agent',
    id: author.id,
    role: author.role ?? 'agent',
    support: author.support ?? false,
    teamIds: author.teamIds ?? [],
  }
}

/** Thread order is time order: never at or before the conversation's latest message. */
function stamp(snapshot: ConversationSnapshot, now: Date): Date {
  snapshot.lastMessageAt = nextMessageTime(snapshot.lastMessageAt, now)
  return snapshot.lastMessageAt
}

function newMessage(request: SendRequest, author: AuthorSnapshot, createdAt: Date) {
  return {
    id: crypto.randomUUID(),
    conversationId: request.conversationId,
    clientId: request.clientId,
    authorKind: request.author.kind,
    author: { id: author.id, name: author.name },
    visibility: visibilityOf(request.policy),
    kind: 'text' as const,
    body: request.body,
    system: null,
    attachments: request.attachments,
    createdAt,
  }
}

/** What a message's list preview is made of: its words, else the names of its files ("📎 invoice.pdf"). */
function previewSource(message: { body: string; attachments: StoredAttachment[] }): string {
  const words = toPlainText(message.body.slice(0, PREVIEW_SOURCE_LENGTH))
  if (words.trim() || message.attachments.length === 0) return words
  return `📎 ${message.attachments.map((attachment) => attachment.name).join(', ')}`
}

/** A file taken by another message meanwhile is the sender's to fix, with words that say so. */
function asRefusal(error: unknown): unknown {
  return error instanceof AttachmentTaken
    ? new TRPCError({ code: 'CONFLICT', message: error.message })
    : error
}

/** The stored message, if this send is a retry of it (rule 1 decides who may be handed it). */
function asRetry(earlier: StoredMessage, request: SendRequest): MessageDTO {
  const attempt = {
    authorKind: request.author.kind,
    authorId: request.author.id,
    visibility: visibilityOf(request.policy),
  }
  if (!isRetryOf({ ...earlier, authorId: earlier.author?.id ?? null }, attempt)) {
    throw new TRPCError({
      code: 'CONFLICT',
      message: 'This message id is already taken. Please send it again.',
    })
  }
  return earlier as MessageDTO
}
