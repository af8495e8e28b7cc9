import { EventLog, type EventStream, type LoggedEvent, loggableError, type MikroORM } from '@parley/db'
import type { ConversationFacts } from '@parley/domain'
import superjson, { type SuperJSONResult } from 'superjson'
import { type ConversationEvent, type EventBus, topics } from './event-bus.ts'

/** How many events one read of the log takes; a longer backlog is read in several. */
const PAGE = 500
/** After a failed read of the log (the database restarting), when to try again. */
const RETRY_MS = 500

type Listener = (event: ConversationEvent) => void

/** The key a stream's listeners are filed under, so an event reaches only the streams it belongs to. */
function keyOf(stream: EventStream): string {
  if (stream.kind === 'conversation') return `conversation:${stream.conversationId}`
  if (stream.kind === 'contact') return `contact:${stream.contactId}`
  return 'all'
}

/** Events logged before followers were told apart from participants, or before offers, lack those facts. */
type Later = 'followerIds' | 'offeredAgentIds' | 'offeredTeamIds'
type LoggedAccess = Omit<ConversationFacts, Later> & Partial<Pick<ConversationFacts, Later>>

export function toConversationEvent(row: LoggedEvent): ConversationEvent {
  const access = row.access as LoggedAccess | null
  return {
    id: String(row.seq),
    type: row.type,
    conversationId: row.conversationId,
    contactId: row.contactId,
    visibility: row.visibility,
    payload: superjson.deserialize(row.payload as SuperJSONResult),
    access: (access && {
      ...access,
      followerIds: access.followerIds ?? [],
      offeredAgentIds: access.offeredAgentIds ?? [],
      offeredTeamIds: access.offeredTeamIds ?? [],
    }) as ConversationFacts,
  }
}

/**
 * One reader of the event log per running API, following it for every open subscription (the Zulip
 * model: the log is the truth, a notification only says "read it"). A commit on any instance wakes it
 * through the bus; it reads everything after its cursor, in seq order, and hands each event to the
 * streams it belongs to. Because seqs commit in order without gaps, "after my cursor" never skips one;
 * because it reads on every wake and on `healEveryMs`, a lost wake (Redis restarting, a dropped
 * pub/sub message) only delays an event, it never loses one. One read serves every subscription, and
 * every subscription gets the same event object (its serialisation is shared, see conversation.router).
 */
export class EventFeed {
  readonly #log: EventLog
  readonly #listeners = new Map<string, Set<Listener>>()
  #listenerCount = 0
  #cursor: Promise<number> | null = null
  #reading = false
  #readAgain = false
  #closed = false
  readonly #unsubscribe: () => void
  readonly #heal: ReturnType<typeof setInterval> | null

  constructor(orm: MikroORM, bus: EventBus, options: { healEveryMs?: number | null } = {}) {
    this.#log = EventLog.of(orm)
    this.#unsubscribe = bus.subscribe(topics.log, () => this.wake())
    const every = options.healEveryMs ?? null
    this.#heal = every ? setInterval(() => this.wake(), every) : null
    this.#heal?.unref()
  }

  /**
   * Files `listener` under `stream`. Resolves once it is filed: from then on it gets every event
   * committed after the feed's cursor, which is never behind what a read of the log started afterwards
   * sees, so replaying from the database after this resolves leaves no gap.
   */
  async follow(stream: EventStream, listener: Listener): Promise<() => void> {
    // The first follower fixes where the feed starts: nothing committed before it is anyone's live event.
    this.#cursor ??= this.#log.latestSeq()
    await this.#cursor
    const key = keyOf(stream)
    let listeners = this.#listeners.get(key)
    if (!listeners) {
      listeners = new Set()
      this.#listeners.set(key, listeners)
    }
    listeners.add(listener)
    this.#listenerCount += 1
    let removed = false
    return () => {
      if (removed) return
      removed = true
      this.#listenerCount -= 1
      listeners.delete(listener)
      if (listeners.size === 0) this.#listeners.delete(key)
    }
  }

  /** How many listeners follow `stream` now (tests wait for a subscription to be live). */
  followers(stream: EventStream): number {
    return this.#listeners.get(keyOf(stream))?.size ?? 0
  }

  /** Something was committed somewhere: read the log. Wakes during a read cause one more read, not one each. */
  wake(): void {
    if (this.#closed || this.#cursor === null) return
    if (this.#reading) {
      this.#readAgain = true
      return
    }
    this.#reading = true
    void this.#read()
  }

  close(): void {
    this.#closed = true
    this.#unsubscribe()
    if (this.#heal) clearInterval(this.#heal)
  }

  async #read(): Promise<void> {
    try {
      let cursor = await this.#cursor!
      do {
        this.#readAgain = false
        for (;;) {
          const rows = await this.#log.after(cursor, { kind: 'all' }, PAGE)
          for (const row of rows) {
            cursor = row.seq
            if (this.#listenerCount > 0) this.#dispatch(toConversationEvent(row))
          }
          this.#cursor = Promise.resolve(cursor)
          if (rows.length < PAGE) break
        }
      } while (this.#readAgain && !this.#closed)
    } catch (error) {
      if (this.#closed) return
      console.error('[events] reading the event log failed, retrying:', loggableError(error))
      setTimeout(() => this.wake(), RETRY_MS).unref()
    } finally {
      this.#reading = false
    }
  }

  #dispatch(event: ConversationEvent) {
    const deliver = (key: string) => {
      const listeners = this.#listeners.get(key)
      if (listeners) for (const listener of listeners) listener(event)
    }
    deliver('all')
    deliver(`conversation:${event.conversationId}`)
    // The customer's stream carries public events only (rule 1); its view checks again.
    if (event.contactId && event.visibility === 'public') deliver(`contact:${event.contactId}`)
  }
}
