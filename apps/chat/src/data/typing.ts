import { type Accessor, createEffect, createSignal, onCleanup } from 'solid-js'
import { api } from '../lib/trpc.client.ts'

// An agent's client repeats its typing signal while they type; silence this long means they stopped.
const showTypingForMs = 5000
const notifyEveryMs = 2500

/** The name of the agent writing a reply in this conversation right now, or null. */
export function createTypingIndicator(conversationId: Accessor<string>): {
  typing: Accessor<string | null>
  clear(): void
} {
  const [typing, setTyping] = createSignal<string | null>(null)
  let timer: ReturnType<typeof setTimeout> | undefined

  function clear() {
    clearTimeout(timer)
    setTyping(null)
  }

  createEffect(() => {
    const subscription = api.customer.onTyping.subscribe(
      { conversationId: conversationId() },
      {
        onData: (event) => {
          setTyping(event.name)
          clearTimeout(timer)
          timer = setTimeout(clear, showTypingForMs)
        },
      },
    )
    onCleanup(() => {
      subscription.unsubscribe()
      clear()
    })
  })

  return { typing, clear }
}

/** Tells the agents the customer is typing, at most every few seconds however fast they type. */
export function createTypingNotifier(conversationId: Accessor<string>): () => void {
  let lastSent = 0
  return () => {
    const now = Date.now()
    if (now - lastSent < notifyEveryMs) return
    lastSent = now
    api.customer.typing.mutate({ conversationId: conversationId() }).catch(() => undefined)
  }
}
