import { InboxReadModel, loggableError, WriteStore } from '@parley/db'
import { missedByWaitingAt } from '@parley/domain'
import superjson from 'superjson'
import { removeUnsentUploads } from './attachments.ts'
import type { ApiDeps } from './context.ts'
import { factsOfSnapshot } from './conversation-facts.ts'
import { announceCommit } from './conversation-writer.ts'

/** How often due work is looked for: a dot turns red at most this late. One indexed query when idle. */
const SWEEP_EVERY_MS = 1_000
/** Due items taken per sweep; a backlog is worked off over the next sweeps. */
const BATCH = 100
const UPLOAD_SWEEP_EVERY_MS = 10 * 60_000

/**
 * Timed work: what becomes due by time passing rather than by anyone writing. Every instance sweeps;
 * each due item is claimed by a conditional write in the same transaction as its effect, so across
 * instances it happens exactly once, and since the state is in the database, a restart neither loses
 * nor repeats it. Today: rule 11's Missed dot, and removing uploads nobody sent within a day. The email fallback's sweep will live here too.
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
  async sweep(): Promise<{ missed: string[]; removedUploads: number }> {
    const missed = await this.#announceMissed()
    // Unsent uploads expire after a day: looking every ten minutes is plenty.
    const now = this.deps.now().getTime()
    let removedUploads = 0
    if (now - this.#uploadsSweptAt >= UPLOAD_SWEEP_EVERY_MS) {
      this.#uploadsSweptAt = now
      removedUploads = await removeUnsentUploads(this.deps)
    }
    return { missed, removedUploads }
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
