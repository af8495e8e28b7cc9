import type { AppRouter } from '@parley/api'
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  type OperationLink,
  retryLink,
  splitLink,
  type TRPCLink,
  type TRPCWebSocketClient,
  wsLink,
} from '@trpc/client'
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

function socketUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${protocol}//${window.location.host}/api/trpc`
}

function openSocket(token: string): TRPCWebSocketClient {
  const client = createWSClient({
    url: socketUrl,
    connectionParams: { visitorToken: token },
    keepAlive: { enabled: true },
  })
  client.connectionState.subscribe({
    next(state) {
      // `connecting` with an error is a retry after a lost socket; the first connect has none.
      if (state.state === 'connecting' && state.error) setReconnecting(true)
      if (state.state === 'pending' && reconnecting()) {
        setReconnecting(false)
        for (const listener of reconnectListeners) listener()
      }
    },
  })
  return client
}

let socket: { token: string; client: TRPCWebSocketClient; link: OperationLink<AppRouter> } | null = null

// The server reads the visitor token once per socket, when it opens. So the socket opens only with
// the first subscription (a first-time visitor has no token before `customer.start`), and a new token
// gets a new socket instead of riding on one that speaks for somebody else.
const liveLink: TRPCLink<AppRouter> = (runtime) => (opts) => {
  const token = visitorToken() ?? ''
  if (socket?.token !== token) {
    void socket?.client.close()
    setReconnecting(false)
    const client = openSocket(token)
    socket = { token, client, link: wsLink<AppRouter>({ client, transformer: superjson })(runtime) }
  }
  return socket.link(opts)
}

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
