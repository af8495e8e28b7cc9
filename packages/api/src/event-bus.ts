import type { ConversationFacts, Visibility } from '@parley/domain'

/** A committed event, as read from the log (event-feed.ts). `id` is its seq, so ids sort in commit order. */
export interface ConversationEvent {
  id: string
  type: 'message.created' | 'conversation.updated' | 'conversation.read'
  conversationId: string
  /** The conversation's customer, whose stream carries the event if it is public. */
  contactId: string | null
  visibility: Visibility
  payload: unknown
  /** The conversation as it was when the event was committed: fan-out decides visibility on it. */
  access: ConversationFacts
}

/** Ephemeral: never stored, never replayed. */
export interface TypingEvent {
  conversationId: string
  authorKind: 'agent' | 'customer'
  authorId: string
  name: string
  visibility: Visibility
}

/**
 * Ephemeral as typing: an agent has the conversation open ("Anna is viewing"), repeated while they do;
 * `present: false` when they leave it. Agents only: customers never hear it (collision detection).
 */
export interface ViewingEvent {
  conversationId: string
  /** One open view (a tab): an agent may have several, and a new one is news even from a known agent. */
  viewId: string
  agentId: string
  name: string
  present: boolean
}

/**
 * What travels between instances. Never a conversation event itself: a commit only says "the log has
 * grown" (every instance then reads it), so a lost message cannot lose an event. Typing is ephemeral.
 * `reconnected` is the bus's own: it was away, so whatever it carried meanwhile may be lost, and each
 * listener heals from its source of truth (the log, the sessions table, Redis's presence sets).
 */
export type BusMessage =
  | { kind: 'committed' }
  | { kind: 'typing'; typing: TypingEvent }
  | { kind: 'viewing'; viewing: ViewingEvent }
  | { kind: 'session-ended'; sessionHash: string }
  | { kind: 'presence-changed' }
  | { kind: 'agents-changed' }
  | { kind: 'reconnected' }

export const topics = {
  /** Something was committed to the event log. */
  log: 'log',
  /** Typing and viewing in one conversation. */
  typing: (conversationId: string) => `typing:${conversationId}`,
  /** An agent session ended (signed out): every instance forgets it and ends its subscriptions. */
  sessions: 'sessions',
  /** Someone came online or went offline on some instance (presence.ts). */
  presence: 'presence',
  /** An admin changed roles, support flags or teams (agent-actors.ts). */
  agents: 'agents',
} as const

export interface EventBus {
  /** Delivers at once to this instance; resolves once handed to the other instances (never rejects). */
  publish(topic: string, message: BusMessage): Promise<void>
  subscribe(topic: string, listener: (message: BusMessage) => void): () => void
}

/** The single-instance bus. The Redis one (redis-bus.ts, REDIS_URL) carries the same messages between instances. */
export class InProcessEventBus implements EventBus {
  readonly #listeners = new Map<string, Set<(message: BusMessage) => void>>()

  async publish(topic: string, message: BusMessage): Promise<void> {
    const listeners = this.#listeners.get(topic)
    if (!listeners) return
    for (const listener of listeners) listener(message)
  }

  subscribe(topic: string, listener: (message: BusMessage) => void): () => void {
    let listeners = this.#listeners.get(topic)
    if (!listeners) {
      listeners = new Set()
      this.#listeners.set(topic, listeners)
    }
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
      if (listeners.size === 0) this.#listeners.delete(topic)
    }
  }
}

/**
 * Buffers everything `subscribe` delivers from the moment it is called, so a subscription can start
 * listening, replay from the database, then drain the buffer without a gap. Ends when `signal` aborts.
 */
export function listen<T>(
  subscribe: (deliver: (message: T) => void) => Array<() => void>,
  signal: AbortSignal | undefined,
) {
  const buffer: T[] = []
  let wake: (() => void) | null = null
  const unsubscribes = subscribe((message) => {
    buffer.push(message)
    wake?.()
  })
  const stop = () => {
    for (const unsubscribe of unsubscribes) unsubscribe()
    wake?.()
  }
  signal?.addEventListener('abort', stop, { once: true })

  return {
    async *[Symbol.asyncIterator](): AsyncGenerator<T> {
      try {
        while (!signal?.aborted) {
          const next = buffer.shift()
          if (next) {
            yield next
            continue
          }
          await new Promise<void>((resolve) => {
            wake = resolve
          })
          wake = null
        }
      } finally {
        stop()
      }
    },
  }
}

/** Typing signals in one conversation, from every instance, until `signal` aborts. */
export function listenToTyping(
  deps: { bus: EventBus },
  conversationId: string,
  signal: AbortSignal | undefined,
) {
  return listen<BusMessage>((deliver) => [deps.bus.subscribe(topics.typing(conversationId), deliver)], signal)
}
