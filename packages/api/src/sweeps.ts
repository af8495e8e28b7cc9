import { InboxReadModel, loggableError, OptimisticLockError, TicketOffer, WriteStore } from '@parley/db'
import { missedByWaitingAt, offersExpired } from '@parley/domain'
import superjson from 'superjson'
import { removeUnsentUploads } from './attachments.ts'
import type { ApiDeps } from './context.ts'
import { factsOfSnapshot, loadConversation } from './conversation-facts.ts'
import { announceCommit, ConversationWriter } from './conversation-writer.ts'
import { queueFallbackMail, sendPendingMail } from './email-fallback.ts'
import { pushUnreadReplies } from './web-push.ts'

/** Another instance did it first: nothing to do here. */
class AlreadyDone extends Error {}

/** How often due work is looked for: a dot turns red at most this late. One indexed query when idle. */
const SWEEP_EVERY_MS = 1_000
/** Due items taken per sweep; a backlog is worked off over the next sweeps. */
const BATCH = 100
const UPLOAD_SWEEP_EVERY_MS = 10 * 60_000

/**
 * Timed work: what becomes due by time passing rather than by anyone writing. Every instance sweeps;
 * each due item is claimed by a conditional write in the same transaction as its effect, so across
 * instances it happens exactly once, and since the state is in the database, a restart neither loses
 * nor repeats it. Today: rule 11's Missed dot, rule 6's offer timeouts, Web Push of replies to customers
 * who left (web-push.ts), rule 12's email fallback (email-fallback.ts), and removing uploads nobody sent
 * within a day.
 */
export class Sweeper {
  #timer: ReturnType<typeof setInterval> | null = null
  #running: Promise<void> | null = null
  #uploadsSweptAt = Number.NEGATIVE_INFINITY

  constructor(private readonly deps: ApiDeps) {}

  start(): void {
    this.#timer ??= setInterval(() => {
      this.#running ??= this.sweep()
        .then(() => {})
        .catch((error: unknown) => console.error('[sweep] failed, trying again:', loggableError(error)))
        .finally(() => {
          this.#running = null
        })
    }, SWEEP_EVERY_MS)
    this.#timer.unref()
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
    await this.#running
  }

  /** One pass over all due work; returns what this instance did (tests call it directly). */
  async sweep(): Promise<{
    missed: string[]
    expiredOffers: string[]
    pushedReplies: string[]
    /** Conversations whose unseen messages were queued for email. */
    mailQueued: string[]
    mailSent: number
    removedUploads: number
  }> {
    const missed = await this.#announceMissed()
    const expiredOffers = await this.#expireOffers()
    const pushedReplies = await pushUnreadReplies(this.deps)
    const mailQueued = await queueFallbackMail(this.deps)
    const mailSent = await sendPendingMail(this.deps)
    // Unsent uploads expire after a day: looking every ten minutes is plenty.
    const now = this.deps.now().getTime()
    let removedUploads = 0
    if (now - this.#uploadsSweptAt >= UPLOAD_SWEEP_EVERY_MS) {
      this.#uploadsSweptAt = now
      removedUploads = await removeUnsentUploads(this.deps)
    }
    return { missed, expiredOffers, pushedReplies, mailQueued, mailSent, removedUploads }
  }

  /**
   * Rule 6's timeout: offers nobody accepted in time go back; the ticket is free in its queue again. The
   * claim is the conditional withdrawal of the due offers, after the conversation's versioned row: of
   * several instances sweeping at once, one writes it, the others find nothing left (or the version
   * moved on) and leave it.
   */
  async #expireOffers(): Promise<string[]> {
    const { deps } = this
    const now = deps.now()
    const due = await deps.orm.em
      .fork()
      .find(
        TicketOffer,
        { status: 'pending', expiresAt: { $lte: now } },
        { fields: ['conversation'], orderBy: { expiresAt: 'asc' }, limit: BATCH },
      )
    const expired: string[] = []
    for (const conversationId of new Set(due.map((offer) => offer.conversation.id))) {
      const em = deps.orm.em.fork()
      const loaded = await loadConversation(em, conversationId)
      const before = loaded.facts
      loaded.conversation.updatedAt = now
      const writer = new ConversationWriter(em, deps)
      writer.within(async (tx) => {
        const withdrawn = await tx.nativeUpdate(
          TicketOffer,
          { conversation: conversationId, status: 'pending', expiresAt: { $lte: now } },
          { status: 'withdrawn' },
        )
        if (withdrawn === 0) throw new AlreadyDone()
      })
      loaded.facts = { ...before, offeredAgentIds: [], offeredTeamIds: [] }
      // Heard by the offered too: it leaves their inbox.
      writer.changed(loaded, offersExpired(), null, before)
      try {
        await writer.commit()
        expired.push(conversationId)
      } catch (error) {
        if (!(error instanceof AlreadyDone || error instanceof OptimisticLockError)) throw error
      }
    }
    return expired
  }

  /**
   * Rule 11: a conversation whose customer has waited `missedAfterMs` turns red without anyone writing.
   * A conversation.updated event makes every open inbox fetch it again, dot and title count included.
   */
  async #announceMissed(): Promise<string[]> {
    const { deps } = this
    const now = deps.now()
    const missedAfterMs = deps.settings.missedAfterMs
    const candidates = await InboxReadModel.of(deps.orm).missedCandidates(
      new Date(now.getTime() - missedAfterMs),
      BATCH,
    )
    const due = candidates.filter((row) => {
      const at = missedByWaitingAt(row, missedAfterMs)
      return at !== null && at <= now
    })
    if (due.length === 0) return []
    const announced = await WriteStore.of(deps.orm).announceMissed(
      due.map((row) => ({
        conversationId: row.id,
        lastCustomerMessageAt: row.lastCustomerMessageAt!,
        createdAt: now,
        events: [
          {
            type: 'conversation.updated',
            // Dots are agents' business: the customer's stream has nothing to refetch.
            visibility: 'internal',
            payload: superjson.serialize({ conversationId: row.id }),
          },
        ],
        access: factsOfSnapshot(row),
        contactId: row.contactId,
      })),
    )
    if (announced.length > 0) announceCommit(deps)
    return announced
  }
}
