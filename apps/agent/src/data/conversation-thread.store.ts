import { createStore, reconcile } from 'solid-js/store'
import type { MessageDTO } from '../lib/trpc.client.ts'

export type ThreadMessage = MessageDTO & {
  /** Stable across the optimistic copy and the server's echo: the clientId when there is one. */
  key: string
  pending: boolean
}

const keyOf = (message: MessageDTO) => message.clientId ?? message.id

function byTime(a: ThreadMessage, b: ThreadMessage): number {
  // Pending messages have only the browser's clock; they stay last until the server places them.
  if (a.pending !== b.pending) return a.pending ? 1 : -1
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/**
 * The live thread: the loaded page, live events and optimistic sends folded into one list. Everything
 * arrives at least once (a reconnect replays, a refetch repeats), so merging is idempotent.
 */
export function createThreadStore() {
  const byKey = new Map<string, ThreadMessage>()
  const [state, setState] = createStore<{ messages: ThreadMessage[] }>({ messages: [] })

  const commit = () => setState('messages', reconcile([...byKey.values()].sort(byTime), { key: 'key' }))

  return {
    get messages() {
      return state.messages
    },
    /** Adds or confirms server messages; returns the ones this thread had not seen before. */
    merge(messages: readonly MessageDTO[]): MessageDTO[] {
      const added: MessageDTO[] = []
      for (const message of messages) {
        const key = keyOf(message)
        if (!byKey.has(key)) added.push(message)
        byKey.set(key, { ...message, key, pending: false })
      }
      if (messages.length > 0) commit()
      return added
    },
    addPending(message: MessageDTO) {
      const key = keyOf(message)
      if (byKey.has(key)) return
      byKey.set(key, { ...message, key, pending: true })
      commit()
    },
    /** Drops an optimistic message the server refused, unless its echo already arrived. */
    dropPending(clientId: string) {
      if (byKey.get(clientId)?.pending) {
        byKey.delete(clientId)
        commit()
      }
    },
  }
}

export type ThreadStore = ReturnType<typeof createThreadStore>
