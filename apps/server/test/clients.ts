import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { AppRouter } from '@parley/api'
import { freshPostgresDatabase, testServices } from '@parley/test-services'
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  splitLink,
  type TRPCClient,
  type TRPCClientError,
  wsLink,
} from '@trpc/client'
import superjson from 'superjson'
import WebSocket from 'ws'
import { loadConfig, type RunningServer, type ServerOptions, startServer } from '../src/index.ts'

/**
 * A socket as the browser would open it: with the page's Origin and the session cookie on the upgrade,
 * and every frame it receives written down, so a test can check what really crossed the wire.
 */
export interface Wire {
  frames: string[]
  sockets: WebSocket[]
  /** While closed, a dropped client cannot reconnect: the URL it waits for is not handed out. */
  gate: { close(): void; open(): void }
}

function socketClass(wire: Wire, headers: Record<string, string>): typeof globalThis.WebSocket {
  class RecordingWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers })
      wire.sockets.push(this)
      this.on('message', (data) => wire.frames.push(data.toString()))
    }
  }
  return RecordingWebSocket as unknown as typeof globalThis.WebSocket
}

function gate() {
  let opened: Promise<void> = Promise.resolve()
  let release = () => {}
  return {
    wait: () => opened,
    close() {
      opened = new Promise<void>((resolve) => {
        release = resolve
      })
    },
    open() {
      release()
    },
  }
}

export interface Client {
  trpc: TRPCClient<AppRouter>
  wire: Wire
  close(): Promise<void>
}

/** The apps' client: queries and mutations over HTTP, subscriptions over one WebSocket (splitLink). */
export function createClient(
  baseUrl: string,
  credentials: { cookie?: string; visitorToken?: string } = {},
): Client {
  const origin = new URL(baseUrl).origin
  const headers: Record<string, string> = { origin }
  if (credentials.cookie) headers.cookie = credentials.cookie
  const reconnect = gate()
  const wire: Wire = { frames: [], sockets: [], gate: { close: reconnect.close, open: reconnect.open } }
  const wsUrl = `${baseUrl.replace(/^http/, 'ws')}/api/trpc`
  const wsClient = createWSClient({
    url: async () => {
      await reconnect.wait()
      return wsUrl
    },
    WebSocket: socketClass(wire, headers),
    connectionParams: credentials.visitorToken ? { visitorToken: credentials.visitorToken } : null,
    retryDelayMs: () => 50,
  })
  const httpHeaders: Record<string, string> = {}
  if (credentials.cookie) httpHeaders.cookie = credentials.cookie
  if (credentials.visitorToken) httpHeaders['x-parley-visitor'] = credentials.visitorToken
  const trpc = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink({ client: wsClient, transformer: superjson }),
        false: httpBatchLink({ url: `${baseUrl}/api/trpc`, transformer: superjson, headers: httpHeaders }),
      }),
    ],
  })
  return {
    trpc,
    wire,
    close: async () => {
      reconnect.open()
      await wsClient.close()
    },
  }
}

/** Signs an agent in over HTTP the way the agent app does, and returns the session cookie it was given. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  let cookie: string | null = null
  const client = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${baseUrl}/api/trpc`,
        transformer: superjson,
        fetch: async (url, init) => {
          const response = await fetch(url, init)
          for (const header of response.headers.getSetCookie()) {
            const [pair] = header.split(';')
            if (pair?.startsWith('parley_session=')) cookie = pair
          }
          return response
        },
      }),
    ],
  })
  await client.auth.signIn.mutate({ email, password })
  if (!cookie) throw new Error('signing in set no session cookie')
  return cookie
}

/** Collects what a subscription delivers; `waitFor` resolves with the first matching item or times out. */
export class Received<T> {
  /** `id` is the event's cursor (tracked), `at` when it arrived. */
  readonly items: Array<{ id: string | null; data: T; at: number }> = []
  error: TRPCClientError<AppRouter> | null = null
  started = false
  #changed: (() => void) | null = null

  push(value: T | { id: string; data: T }) {
    const tracked = typeof value === 'object' && value !== null && 'id' in value && 'data' in value
    this.items.push(
      tracked
        ? { id: value.id, data: value.data, at: Date.now() }
        : { id: null, data: value as T, at: Date.now() },
    )
    this.#changed?.()
  }

  fail(error: TRPCClientError<AppRouter>) {
    this.error = error
    this.#changed?.()
  }

  markStarted() {
    this.started = true
    this.#changed?.()
  }

  get data(): T[] {
    return this.items.map((item) => item.data)
  }

  async until(condition: () => boolean, timeoutMs = 3_000, what = 'the expected update'): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!condition()) {
      if (this.error) throw this.error
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`${what} did not arrive within ${timeoutMs} ms`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 50))
        this.#changed = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.#changed = null
    }
  }

  async waitFor(predicate: (data: T) => boolean, timeoutMs = 3_000): Promise<Received<T>['items'][number]> {
    await this.until(() => this.items.some((item) => predicate(item.data)), timeoutMs)
    return this.items.find((item) => predicate(item.data))!
  }
}

/**
 * Subscribes through the client and records what arrives (tracked events unwrapped); resolves once the
 * server has started the subscription.
 */
export async function record<T>(
  subscribe: (handlers: {
    onStarted: () => void
    onData: (value: { id: string; data: T } | T) => void
    onError: (error: TRPCClientError<AppRouter>) => void
  }) => { unsubscribe(): void },
): Promise<Received<T> & { unsubscribe(): void }> {
  const received = new Received<T>()
  const subscription = subscribe({
    onStarted: () => received.markStarted(),
    onData: (value) => received.push(value),
    onError: (error) => received.fail(error),
  })
  await received.until(() => received.started, 3_000, 'the subscription start')
  return Object.assign(received, { unsubscribe: () => subscription.unsubscribe() })
}

/** A server on a free port with a fresh data directory and a first admin, and the clients opened on it. */
export interface TestServer {
  server: RunningServer
  admin: { email: string; password: string }
  client(credentials?: { cookie?: string; visitorToken?: string }): Client
  close(): Promise<void>
}

/**
 * Where a test server keeps its data: a fresh DATA_DIR for SQLite, or in the services run a fresh
 * PostgreSQL database (DATABASE_URL). `env` goes into the server's configuration.
 */
export async function freshStorage(): Promise<{ env: Record<string, string>; remove(): Promise<void> }> {
  const services = testServices()
  if (services) {
    const database = await freshPostgresDatabase(services.postgresUrl)
    return { env: { DATABASE_URL: database.url }, remove: async () => void (await database.drop()) }
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-server-'))
  return { env: { DATA_DIR: dataDir }, remove: async () => rmSync(dataDir, { recursive: true, force: true }) }
}

/** `env` adds to the configuration (e.g. TRUST_PROXY). */
export async function startTestServer(
  options: ServerOptions = {},
  env: Record<string, string> = {},
): Promise<TestServer> {
  const admin = { email: 'anna@example.com', password: 'correct horse battery' }
  const storage = await freshStorage()
  const server = await startServer(
    loadConfig({
      PORT: '0',
      ...storage.env,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      // Tests that watch someone go offline see it at once; the grace period has its own API test.
      PRESENCE_GRACE_MS: '0',
      ...env,
    }),
    options,
  )
  const clients: Client[] = []
  return {
    server,
    admin,
    client(credentials = {}) {
      const created = createClient(server.url, credentials)
      clients.push(created)
      return created
    },
    async close() {
      await Promise.all(clients.map((client) => client.close()))
      await server.close()
      await storage.remove()
    },
  }
}
