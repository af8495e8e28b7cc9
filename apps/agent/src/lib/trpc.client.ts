import type { AppRouter } from '@parley/api'
import { createTRPCClient, createWSClient, httpBatchLink, retryLink, splitLink, wsLink } from '@trpc/client'
import { createSignal } from 'solid-js'
import superjson from 'superjson'

const [realtimeConnected, setRealtimeConnected] = createSignal(false)

/** True while the WebSocket is open: the agent counts as online for the server exactly then. */
export { realtimeConnected }

function socketUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${protocol}//${window.location.host}/api/trpc`
}

// Lazy: the server authenticates a socket once, when it opens, from the session cookie. Opening it only
// for the first subscription (after sign-in) and closing it when the last one ends (sign-out) keeps the
// socket's identity in step with the cookie.
const wsClient = createWSClient({
  url: socketUrl,
  lazy: { enabled: true, closeMs: 0 },
  keepAlive: { enabled: true },
  onOpen: () => setRealtimeConnected(true),
  onClose: () => setRealtimeConnected(false),
})

/** The frequent calls ride the open socket: far cheaper for the server than an HTTP request each. */
const overTheSocket = new Set([
  'conversation.reply',
  'conversation.note',
  'conversation.typing',
  'conversation.markRead',
])

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
      true: wsLink({ client: wsClient, transformer: superjson }),
      false: httpBatchLink({ url: '/api/trpc', transformer: superjson }),
    }),
  ],
})

type Api = typeof api
type Yield<T> = T extends AsyncIterableIterator<infer Y> ? Y : never

export type AgentDTO = Awaited<ReturnType<Api['agents']['list']['query']>>[number]
export type ConversationDTO = Awaited<ReturnType<Api['conversation']['list']['query']>>[number]
export type ContactDTO = NonNullable<ConversationDTO['contact']>
export type AvatarColour = AgentDTO['colour']
export type ConversationDetail = Awaited<ReturnType<Api['conversation']['get']['query']>>
export type MessageDTO = ConversationDetail['messages'][number]
export type ReplyRefusal = ConversationDTO['replyRefusal']
export type SystemEvent = NonNullable<MessageDTO['system']>
export type TicketType = NonNullable<ConversationDTO['ticket']>['type']
export type TicketPriority = NonNullable<ConversationDTO['ticket']>['priority']
export type TextBlockDTO = Awaited<ReturnType<Api['textBlocks']['list']['query']>>[number]
export type InboxSection = Parameters<Api['conversation']['list']['query']>[0]['section']
export type ConversationStatus = ConversationDTO['status']
export type ArticleDTO = Awaited<ReturnType<Api['kb']['get']['query']>>
export type ArticleSummaryDTO = Awaited<ReturnType<Api['kb']['list']['query']>>[number]
export type InboxEvent = Yield<ReturnType<Api['conversation']['onInbox']['subscribe']>>['data']
export type TypingEvent = Yield<ReturnType<Api['conversation']['onTyping']['subscribe']>>
