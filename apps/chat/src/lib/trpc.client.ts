import type { AppRouter } from '@parley/api'
import {
  createTRPCClient,
  httpBatchLink,
  retryLink,
  splitLink,
  TRPCClientError,
  type TRPCLink,
} from '@trpc/client'
import { observable } from '@trpc/server/observable'
import { createSignal } from 'solid-js'
import superjson from 'superjson'
import { visitorToken } from './visitor-token.ts'

const [reconnecting, setReconnecting] = createSignal(false)
const reconnectListeners = new Set<() => void>()

/** True while the live connection is lost and being re-established. */
export { reconnecting }

/** Runs after a lost connection is back: whatever happened meanwhile may need fetching. */
export function onReconnected(listener: () => void): () => void {
  reconnectListeners.add(listener)
  return () => reconnectListeners.delete(listener)
}

/** The live connection dropped: a retry is under way (live-socket.ts). */
export function connectionLost(): void {
  setReconnecting(true)
}

/** Connected; after a drop, whatever happened meanwhile may need fetching. */
export function connectionBack(): void {
  if (!reconnecting()) return
  setReconnecting(false)
  for (const listener of reconnectListeners) listener()
}

/** A new socket for a new visitor: the old one's troubles are not theirs. */
export function connectionReset(): void {
  setReconnecting(false)
}

let liveSocket: Promise<typeof import('./live-socket.ts')> | null = null

/**
 * Subscriptions and the frequent calls, over the WebSocket. Its client is loaded with the first of them
 * (live-socket.ts), not with the page: calls made meanwhile wait for it.
 */
const liveLink: TRPCLink<AppRouter> = (runtime) => (opts) =>
  observable((observer) => {
    let inner: { unsubscribe(): void } | null = null
    let stopped = false
    liveSocket ??= import('./live-socket.ts')
    liveSocket.then(
      (live) => {
        if (stopped) return
        inner = live
          .socketLinkFor(
            runtime,
            visitorToken() ?? '',
          )(opts)
          .subscribe(observer)
      },
      (error: unknown) => {
        // The chunk could not be fetched (offline, a new deploy): the next call tries again.
        liveSocket = null
        observer.error(TRPCClientError.from(error instanceof Error ? error : new Error(String(error))))
      },
    )
    return () => {
      stopped = true
      inner?.unsubscribe()
    }
  })

/** The frequent calls ride the open socket: far cheaper for the server than an HTTP request each. */
const overTheSocket = new Set(['customer.send', 'customer.typing', 'customer.markRead'])

/**
 * The server answers 503 when the database is briefly locked and nothing was stored, so any call may be
 * sent again; a few quick retries hide the wait. Subscriptions resume on their own.
 */
const retryWhileBusy = retryLink<AppRouter>({
  retry: ({ op, error, attempts }) =>
    op.type !== 'subscription' && error.data?.code === 'SERVICE_UNAVAILABLE' && attempts < 5,
  retryDelayMs: (attempt) => 200 * 2 ** attempt,
})

export const api = createTRPCClient<AppRouter>({
  links: [
    retryWhileBusy,
    splitLink({
      condition: (op) => op.type === 'subscription' || overTheSocket.has(op.path),
      true: liveLink,
      false: httpBatchLink({
        url: '/api/trpc',
        transformer: superjson,
        headers: () => {
          const token = visitorToken()
          return token ? { 'x-parley-visitor': token } : {}
        },
      }),
    }),
  ],
})

type Api = typeof api
type Yield<T> = T extends AsyncIterableIterator<infer Y> ? Y : never

export type ContactDTO = Awaited<ReturnType<Api['customer']['me']['query']>>
export type ConversationDTO = Awaited<ReturnType<Api['customer']['conversations']['query']>>[number]
export type ConversationDetail = Awaited<ReturnType<Api['customer']['conversation']['query']>>
export type MessageDTO = ConversationDetail['messages'][number]
export type SystemEvent = NonNullable<MessageDTO['system']>
export type CustomerEvent = Yield<ReturnType<Api['customer']['onEvents']['subscribe']>>['data']
