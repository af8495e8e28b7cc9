import type { ConversationFacts, Visibility } from '@parley/domain'

/** A committed event, as fanned out to subscriptions. `id` is the event log's `seq`, so ids sort in time order. */
export interface ConversationEvent {
  id: string
  type: 'message.created' | 'conversation.updated'
  conversationId: string
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

export type BusMessage = { kind: 'event'; event: ConversationEvent } | { kind: 'typing'; typing: TypingEvent }

export const topics = {
  /** Every conversation event: agent inboxes filter it through the domain. */
  inbox: 'inbox',
  conversation: (id: string) => `conversation:${id}`,
  contact: (id: string) => `contact:${id}`,
  typing: (conversationId: string) => `typing:${conversationId}`,
} as const

export interface EventBus {
  publish(topic: string, message: BusMessage): void
  subscribe(topic: string, listener: (message: BusMessage) => void): () => void
}

/** The single-instance bus. A Redis-backed one (REDIS_URL) implements the same interface. */
export class InProcessEventBus implements EventBus {
  readonly #listeners = new Map<string, Set<(message: BusMessage) => void>>()

  publish(topic: string, message: BusMessage): void {
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
 * Buffers everything published on `topics` from the moment it is called, so a subscription can start
 * listening, replay from the database, then drain the buffer without a gap. Ends when `signal` aborts.
 */
export function listen(bus: EventBus, topicNames: string[], signal: AbortSignal | undefined) {
  const buffer: BusMessage[] = []
  let wake: (() => void) | null = null
  const unsubscribes = topicNames.map((topic) =>
    bus.subscribe(topic, (message) => {
      buffer.push(message)
      wake?.()
    }),
  )
  const stop = () => {
    for (const unsubscribe of unsubscribes) unsubscribe()
    wake?.()
  }
  signal?.addEventListener('abort', stop, { once: true })

  return {
    async *[Symbol.asyncIterator](): AsyncGenerator<BusMessage> {
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
