import type { AppRouter } from '@parley/api'
import type { TRPCLink } from '@trpc/client'
import { createWSClient, type OperationLink, type TRPCWebSocketClient, wsLink } from '@trpc/client'
import superjson from 'superjson'
import { connectionBack, connectionLost, connectionReset } from './trpc.client.ts'

/**
 * The chat's WebSocket, loaded with the first call that needs it (issue 10, part 8): a first-time
 * visitor's start form speaks plain HTTP, so the socket client is no part of the chat's first load.
 */

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
      if (state.state === 'connecting' && state.error) connectionLost()
      if (state.state === 'pending') connectionBack()
    },
  })
  return client
}

let socket: { token: string; client: TRPCWebSocketClient; link: OperationLink<AppRouter> } | null = null

/**
 * The server reads the visitor token once per socket, when it opens. So the socket opens only with the
 * first call that rides it (a first-time visitor has no token before `customer.start`), and a new token
 * gets a new socket instead of riding on one that speaks for somebody else.
 */
export function socketLinkFor(
  runtime: Parameters<TRPCLink<AppRouter>>[0],
  token: string,
): OperationLink<AppRouter> {
  if (socket?.token !== token) {
    void socket?.client.close()
    connectionReset()
    const client = openSocket(token)
    socket = { token, client, link: wsLink<AppRouter>({ client, transformer: superjson })(runtime) }
  }
  return socket.link
}
