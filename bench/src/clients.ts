import { randomUUID } from 'node:crypto'
import type { Agent as HttpAgent } from 'node:http'
import type { AppRouter, MessageDTO } from '@parley/api'
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  splitLink,
  type TRPCClient,
  wsLink,
} from '@trpc/client'
import superjson from 'superjson'
import WebSocket from 'ws'
// The inbox app's own refetch policy and coalescing, so --inbox-refetch loads the server as the app does.
import { attentionRefetch } from '../../apps/agent/src/data/refetch-policy.ts'
import { coalesce } from '../../apps/agent/src/lib/timing.ts'
import { httpRequest, keepAliveFetch } from './http-fetch.ts'
import type { Transport } from './options.ts'

type Api = TRPCClient<AppRouter>
type WsClient = ReturnType<typeof createWSClient>
type WebSocketClass = NonNullable<Parameters<typeof createWSClient>[0]['WebSocket']>

export interface CustomerClient {
  index: number
  /** The server instance its socket and its HTTP calls go to. */
  instance: number
  api: Api
  ws: WsClient
  conversationId: string
}

export interface AgentClient {
  index: number
  /** The server instance its socket and its HTTP calls go to. */
  instance: number
  api: Api
  ws: WsClient
}

/** Where live messages go; the running phase swaps in its own recorder. */
export interface MessageSink {
  onAgentMessage(agent: number, message: MessageDTO): void
  onCustomerMessage(customer: number, message: MessageDTO): void
  onSubscriptionError(who: string, error: unknown): void
}

export interface World {
  customers: CustomerClient[]
  agents: AgentClient[]
  sink: MessageSink
  close(): Promise<void>
}

const API_PATH = '/api/trpc'

/** `ws`, with headers on the upgrade request: agents authenticate the socket with their session cookie. */
function webSocketWithHeaders(headers: Record<string, string>): WebSocketClass {
  class HeaderWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers })
    }
  }
  return HeaderWebSocket as unknown as WebSocketClass
}

export function createClient(options: {
  baseUrl: string
  agent: HttpAgent
  headers: Record<string, string>
  connectionParams?: Record<string, string>
  transport: Transport
}): { api: Api; ws: WsClient } {
  const ws = createWSClient({
    url: `${options.baseUrl.replace(/^http/, 'ws')}${API_PATH}`,
    WebSocket: webSocketWithHeaders(options.headers),
    connectionParams: options.connectionParams,
    // Not lazy: each simulated browser holds its socket open for the whole run, like a real open chat.
    retryDelayMs: () => 1000,
  })
  const api = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription' || options.transport === 'ws',
        true: wsLink({ client: ws, transformer: superjson }),
        false: httpBatchLink({
          url: `${options.baseUrl}${API_PATH}`,
          transformer: superjson,
          headers: () => options.headers,
          fetch: keepAliveFetch(options.agent),
        }),
      }),
    ],
  })
  return { api, ws }
}

/** `auth.signIn` by hand: the session comes back only as a Set-Cookie header, which tRPC does not expose. */
async function signIn(baseUrl: string, agent: HttpAgent, email: string, password: string): Promise<string> {
  const response = await httpRequest(agent, `${baseUrl}${API_PATH}/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(superjson.serialize({ email, password })),
  })
  const cookie = [response.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('parley_session='))
  if (response.status !== 200 || !cookie) {
    throw new Error(`auth.signIn failed (${response.status}): ${response.body.slice(0, 300)}`)
  }
  return cookie.split(';')[0]!
}

/** An address of the benchmarking range (198.18.0.0/15) of its own for customer `index`. */
function addressOf(index: number): string {
  return `198.18.${Math.floor(index / 250) % 256}.${(index % 250) + 1}`
}

/**
 * `customer.start` by hand, from `address` as a trusted proxy would report it: one machine creating
 * a thousand customers is exactly what the per-address limit stops.
 */
async function startCustomer(baseUrl: string, agent: HttpAgent, name: string, address: string) {
  const response = await httpRequest(agent, `${baseUrl}${API_PATH}/customer.start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify(superjson.serialize({ name })),
  })
  if (response.status !== 200) {
    throw new Error(`customer.start failed (${response.status}): ${response.body.slice(0, 300)}`)
  }
  const answer = JSON.parse(response.body) as { result: { data: unknown } }
  return superjson.deserialize<{ token: string }>(answer.result.data as never)
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function inParallel<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/** Setup calls are retried: a dropped connection while creating 1000 customers is not what is measured. */
async function retried<T>(call: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      if (attempt >= attempts) throw error
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt))
    }
  }
}

function subscribed(start: (onStarted: () => void, onError: (error: unknown) => void) => void) {
  return new Promise<void>((resolve, reject) => start(resolve, reject))
}

/**
 * Creates the customers (each with an open conversation) and the agents, then opens every socket and
 * waits until each subscription has started, so the first measured send already has its audience.
 *
 * With several instances (`baseUrls`, instance 0 first) customer k talks to instance k mod N and
 * agent j to instance (j + 1) mod N, so that customer 0 and agent 0 are on different instances and a
 * message reaches some of the agents only through the bus between the instances. The agents' sessions
 * are signed in through instance 0; the sessions are in the shared database.
 */
export async function connectWorld(options: {
  baseUrls: string[]
  httpAgent: HttpAgent
  customers: number
  agents: number
  adminEmail: string
  adminPassword: string
  transport: Transport
  setupConcurrency: number
  inboxRefetch: boolean
  log: (line: string) => void
}): Promise<World> {
  const { baseUrls, httpAgent } = options
  const instances = baseUrls.length
  const sink: MessageSink = {
    onAgentMessage() {},
    onCustomerMessage() {},
    onSubscriptionError() {},
  }
  const clientOptions = (instance: number) => ({
    baseUrl: baseUrls[instance]!,
    agent: httpAgent,
    transport: options.transport,
  })

  // There is no procedure to create agents, so M agents are M separate sessions of the admin.
  const agents: AgentClient[] = []
  for (let index = 0; index < options.agents; index++) {
    const cookie = await signIn(baseUrls[0]!, httpAgent, options.adminEmail, options.adminPassword)
    const instance = (index + 1) % instances
    const headers = { cookie, 'x-forwarded-for': `198.19.0.${index + 1}` }
    agents.push({ index, instance, ...createClient({ ...clientOptions(instance), headers }) })
  }
  options.log(`signed in ${agents.length} agent sessions`)

  // Setup always goes over HTTP (as in the chat app); only the measured sends follow --transport.
  const started = performance.now()
  const customers = await inParallel(
    Array.from({ length: options.customers }, (_, index) => index),
    options.setupConcurrency,
    async (index): Promise<CustomerClient> => {
      const instance = index % instances
      const { token } = await retried(() =>
        startCustomer(baseUrls[instance]!, httpAgent, `Bench customer ${index}`, addressOf(index)),
      )
      const client = createClient({
        ...clientOptions(instance),
        // Its own address on the socket too: one address may hold at most 100 WebSockets.
        headers: { 'x-parley-visitor': token, 'x-forwarded-for': addressOf(index) },
        connectionParams: { visitorToken: token },
      })
      // Same clientId on a retry: startConversation is idempotent on it.
      const clientId = randomUUID()
      const { conversation } = await retried(() =>
        client.api.customer.startConversation.mutate({
          clientId,
          body: `Hello from bench customer ${index}`,
        }),
      )
      return { index, instance, ...client, conversationId: conversation.id }
    },
  )
  options.log(`created ${customers.length} customers in ${Math.round(performance.now() - started)} ms`)

  const subscriptions: Array<{ unsubscribe(): void }> = []
  const refetchers = agents.map((agent) => (options.inboxRefetch ? inboxRefetcher(agent, sink) : null))
  await Promise.all(
    agents.map((agent) =>
      subscribed((onStarted, onError) => {
        subscriptions.push(
          agent.api.conversation.onInbox.subscribe(
            { lastEventId: null },
            {
              onStarted,
              onData: ({ data }) => {
                if (data.type === 'message.created') sink.onAgentMessage(agent.index, data.message)
                refetchers[agent.index]?.()
              },
              onError: (error) => {
                onError(error)
                sink.onSubscriptionError(`agent ${agent.index}`, error)
              },
            },
          ),
        )
      }),
    ),
  )
  const connecting = performance.now()
  await inParallel(customers, 100, (customer) =>
    subscribed((onStarted, onError) => {
      subscriptions.push(
        customer.api.customer.onEvents.subscribe(
          { lastEventId: null },
          {
            onStarted,
            onData: ({ data }) => {
              if (data.type === 'message.created') sink.onCustomerMessage(customer.index, data.message)
            },
            onError: (error) => {
              onError(error)
              sink.onSubscriptionError(`customer ${customer.index}`, error)
            },
          },
        ),
      )
    }),
  )
  options.log(
    `subscribed ${agents.length} inboxes and ${customers.length} customer streams over WebSocket in ${Math.round(performance.now() - connecting)} ms`,
  )

  return {
    customers,
    agents,
    sink,
    async close() {
      for (const refetch of refetchers) refetch?.cancel()
      for (const subscription of subscriptions) subscription.unsubscribe()
      await Promise.all([...customers, ...agents].map((client) => client.ws.close()))
    },
  }
}

/**
 * What an open inbox does on a live event (apps/agent/src/pages/AppShell.tsx): its lists apply the row
 * the event brings, and only the title's count is fetched again, coalesced by the app's own policy.
 */
function inboxRefetcher(agent: AgentClient, sink: MessageSink) {
  const fail = (error: unknown) => sink.onSubscriptionError(`agent ${agent.index} refetch`, error)
  return coalesce(
    () => void agent.api.conversation.attention.query().catch(fail),
    attentionRefetch.delayMs,
    attentionRefetch.minIntervalMs,
    attentionRefetch.jitterMs,
  )
}

/** Replies need an assignee (rule: NOT_ASSIGNED); customer i's conversation goes to agent i mod M. */
export async function assignConversations(world: World, concurrency: number): Promise<void> {
  await inParallel(world.customers, concurrency, (customer) =>
    retried(() =>
      world.agents[customer.index % world.agents.length]!.api.conversation.assignToMe.mutate({
        conversationId: customer.conversationId,
      }),
    ),
  )
}
