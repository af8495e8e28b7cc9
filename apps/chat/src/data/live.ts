import { isUnauthorized } from '../lib/errors.ts'
import { api, onReconnected } from '../lib/trpc.client.ts'
import { applyEvent, resync } from './conversation.store.ts'
import { forgetVisitor } from './visitor.data.ts'

const resubscribeAfterMs = 3000

/**
 * Follows every conversation of the visitor over one subscription. The wsLink resumes a lost socket
 * from the last tracked event by itself; what it cannot know is what happened before the first event
 * arrived, so the data on screen is fetched again whenever the feed (re)starts.
 * Returns the function that stops it.
 */
export function followConversations(): () => void {
  let lastEventId: string | undefined
  let subscription: { unsubscribe(): void } | undefined
  let retry: ReturnType<typeof setTimeout> | undefined

  function subscribe() {
    subscription = api.customer.onEvents.subscribe(lastEventId ? { lastEventId } : {}, {
      onStarted: () => void resync(),
      onData: (event) => {
        lastEventId = event.id
        applyEvent(event.data)
      },
      onError: (error) => {
        if (isUnauthorized(error)) {
          forgetVisitor(true)
          return
        }
        // A subscription the server ended with an error is not retried by the link; this one must live.
        retry = setTimeout(subscribe, resubscribeAfterMs)
      },
    })
  }

  subscribe()
  const stopListening = onReconnected(() => void resync())
  return () => {
    clearTimeout(retry)
    subscription?.unsubscribe()
    stopListening()
  }
}
