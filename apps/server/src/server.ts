import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  type ApiDeps,
  addressKey,
  appRouter,
  callerAddress,
  createContext,
  createFirstAdmin,
  EventFeed,
  inProcessSharedState,
  LIMITS,
  openRedisSharedState,
  redisNamespace,
  Sweeper,
  startReplyByEmail,
  widgetSitesOf,
} from '@parley/api'
import { Agent, createOrm, loggableError, UniqueConstraintViolationException } from '@parley/db'
import { createMailer } from '@parley/mail'
import type { TRPCError } from '@trpc/server'
import { createHTTPHandler } from '@trpc/server/adapters/standalone'
import { applyWSSHandler } from '@trpc/server/adapters/ws'
import { WebSocketServer } from 'ws'
import type { ServerConfig } from './config.ts'
import { DEMO_PASSWORD, seedDemoData } from './demo-data.ts'
import { FILES_PREFIX, filesHandler, UPLOAD_PATH, uploadHandler } from './files.ts'
import { isKbPath, kbPages } from './kb/kb-pages.ts'
import { cutOffSlowReader } from './slow-readers.ts'
import { staticApps, WIDGET_PATH, widgetScript } from './static-apps.ts'
import { closeOnNonUtf8Frames, readApiBody, refuseUnreadableBody } from './utf8-input.ts'

const API_PATH = '/api/trpc'
/** Messages are at most 10,000 characters; anything far larger is not a legitimate call. */
const MAX_REQUEST_BYTES = 1024 * 1024

export interface RunningServer {
  url: string
  /** Set while no agent exists: the first admin is created at `${url}/setup?token=…`. */
  setupUrl: string | null
  deps: ApiDeps
  close(): Promise<void>
}

/** Markdown is sanitised already; this is the second wall should anything slip through. */
const contentSecurityPolicy = (frameAncestors: readonly string[]) =>
  `default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; frame-ancestors ${["'self'", ...frameAncestors].join(' ')}`

const securityHeaders: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'SAMEORIGIN',
  'content-security-policy': contentSecurityPolicy([]),
}

const isChatPath = (pathname: string) => pathname === '/chat' || pathname.startsWith('/chat/')

export interface ServerOptions {
  now?: () => Date
  /** Bytes buffered for one WebSocket before it is cut off (tests lower it). */
  maxBufferedBytes?: number
  /** How long a client may take to send a request's headers (tests lower it). */
  headersTimeoutMs?: number
}

/**
 * Slow clients hold a socket each: a request's headers must arrive within 10 s and the whole request
 * within 60 s (Node's defaults, 60 s and 5 min, let a few thousand dripping connections sit for
 * minutes). WebSockets are not affected once upgraded. Node checks these every `connectionsCheckingInterval`.
 */
const HEADERS_TIMEOUT_MS = 10_000
const REQUEST_TIMEOUT_MS = 60_000

export async function startServer(config: ServerConfig, options: ServerOptions = {}) {
  const orm = await createOrm({ dataDir: config.dataDir, databaseUrl: config.databaseUrl })
  const em = orm.em.fork()
  // Demo data needs someone to sign in as: without ADMIN_* it brings its own admin.
  const admin =
    config.admin ?? (config.demoData ? { email: 'admin@example.com', password: DEMO_PASSWORD } : null)
  if (admin && (await em.count(Agent)) === 0) {
    await createFirstAdmin(em, { name: 'Admin', email: admin.email, password: admin.password }).catch(
      (error: unknown) => {
        // Instances starting together on one database: another one created the same admin first.
        if (!(error instanceof UniqueConstraintViolationException)) throw error
      },
    )
  }
  const needsSetup = (await em.count(Agent)) === 0
  // Several instances on one database meet in Redis under a namespace named after that database.
  const shared = config.redisUrl
    ? await openRedisSharedState(
        config.redisUrl,
        redisNamespace({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }),
      )
    : inProcessSharedState()
  const deps: ApiDeps = {
    orm,
    bus: shared.bus,
    feed: new EventFeed(orm, shared.bus, { healEveryMs: shared.healEveryMs }),
    presence: shared.presence,
    now: options.now ?? (() => new Date()),
    limits: shared.limits,
    mailer: createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, dataDir: config.dataDir }),
    settings: {
      missedAfterMs: config.missedAfterMs,
      presenceGraceMs: config.presenceGraceMs,
      setupToken: needsSetup ? randomBytes(18).toString('base64url') : null,
      secureCookies: config.publicUrl?.startsWith('https://') ?? false,
      trustedProxies: config.trustedProxies,
      // Known once listening when PORT is 0 and PUBLIC_URL unset: filled in below.
      publicUrl: config.publicUrl ?? '',
      uploadMaxBytes: config.uploadMaxBytes,
      pushServices: config.pushServices,
      pushAfterMs: config.pushAfterMs,
      inboundEmailDomain: config.inboundEmailDomain,
      emailFallbackMs: config.emailFallbackMs,
    },
  }

  // Timed work (rule 11's Missed dot): every instance sweeps, each item happens once (sweeps.ts).
  const sweeper = new Sweeper(deps)
  sweeper.start()

  const trpcHandler = createHTTPHandler({
    router: appRouter,
    onError: logUnexpected,
    basePath: `${API_PATH}/`,
    createContext: ({ req, res }) => {
      refuseUnreadableBody(req)
      return createContext(deps, req, { setCookie: (cookie) => res.appendHeader('set-cookie', cookie) })
    },
  })
  const apps = staticApps()
  const kb = kbPages(deps)
  const uploads = uploadHandler(deps)
  const files = filesHandler(deps)
  const widget = widgetScript()

  const headersTimeout = options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS
  const timeouts = {
    headersTimeout,
    requestTimeout: Math.max(headersTimeout, REQUEST_TIMEOUT_MS),
    connectionsCheckingInterval: Math.min(1_000, headersTimeout),
  }
  const server = createServer(timeouts, (req, res) => {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value)
    const url = req.url ?? '/'
    const pathname = new URL(url, 'http://localhost').pathname
    if (pathname === UPLOAD_PATH) {
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'POST' }).end()
      } else if (!sameOrigin(req, config)) {
        res
          .writeHead(403, { 'content-type': 'text/plain; charset=utf-8' })
          .end('Requests from other sites are refused.')
      } else {
        void uploads(req, res)
      }
      return
    }
    if (url === API_PATH || url.startsWith(`${API_PATH}/`) || url.startsWith(`${API_PATH}?`)) {
      const refusal = refuseMutation(req, config)
      if (refusal) {
        res.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8' }).end(refusal.message)
        return
      }
      if (req.method !== 'POST') {
        trpcHandler(req, res)
        return
      }
      readApiBody(req, MAX_REQUEST_BYTES).then(
        () => {
          // A body cut off at the limit leaves the rest unread on the socket: close it after the answer.
          if (!req.complete) res.setHeader('connection', 'close')
          trpcHandler(req, res)
        },
        () => req.destroy(),
      )
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }
    if (isKbPath(pathname)) {
      void kb(req, res)
      return
    }
    if (pathname.startsWith(FILES_PREFIX)) {
      void files(req, res)
      return
    }
    if (pathname === WIDGET_PATH) {
      widget(req, res)
      return
    }
    if (isChatPath(pathname)) {
      // The website widget frames the chat on the sites the admins allowed (issue 10, part 3), and only there.
      widgetSitesOf(deps).then(
        (sites) => {
          if (sites.length > 0) {
            res.removeHeader('x-frame-options')
            res.setHeader('content-security-policy', contentSecurityPolicy(sites))
          }
          apps(req, res)
        },
        () => apps(req, res),
      )
      return
    }
    apps(req, res)
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES })
  const wsHandler = applyWSSHandler({
    wss,
    router: appRouter,
    onError: logUnexpected,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
    createContext: ({ req, info }) =>
      createContext(deps, req, { connectionParams: info.connectionParams as Record<string, string> | null }),
  })
  // Open WebSockets per address on this instance (LIMITS.socketsPerAddress).
  const socketsByAddress = new Map<string, number>()
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== API_PATH || !sameOrigin(req, config)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    const address = addressKey(
      callerAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], config.trustedProxies),
    )
    const open = socketsByAddress.get(address) ?? 0
    if (open >= LIMITS.socketsPerAddress) {
      socket.end(
        'HTTP/1.1 429 Too Many Requests\r\ncontent-type: text/plain; charset=utf-8\r\n\r\nToo many connections from your network.',
      )
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Counted once upgraded: a handshake ws refuses never comes back here to be released.
      socketsByAddress.set(address, (socketsByAddress.get(address) ?? 0) + 1)
      ws.once('close', () => {
        const left = (socketsByAddress.get(address) ?? 1) - 1
        if (left > 0) socketsByAddress.set(address, left)
        else socketsByAddress.delete(address)
      })
      cutOffSlowReader(ws, options.maxBufferedBytes)
      closeOnNonUtf8Frames(ws)
      wss.emit('connection', ws, req)
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, resolve)
  })
  // Replies by email (issue 11, part 3): this server is the MX of INBOUND_EMAIL_DOMAIN.
  const inbound = await startReplyByEmail(deps, { port: config.inboundSmtpPort, host: config.host }).catch(
    async (error: unknown) => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      throw new Error(
        `The inbound SMTP server could not listen on port ${config.inboundSmtpPort} (INBOUND_SMTP_PORT): ${(error as Error).message}`,
      )
    },
  )
  const { port } = server.address() as AddressInfo
  const url =
    config.publicUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
  deps.settings.publicUrl = url
  // After listening: demo articles' links are built on the address the server got.
  if (config.demoData && admin) await seedDemoData(deps, admin)

  let closing: Promise<void> | null = null
  const close = () => {
    closing ??= (async () => {
      // Clients reconnect (to another instance, or to this one once restarted) and resume from their last event.
      wsHandler.broadcastReconnectNotification()
      for (const client of wss.clients) client.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await inbound.close()
      deps.feed.close()
      await sweeper.stop()
      deps.mailer.close()
      await shared.close()
      await orm.close()
    })()
    return closing
  }

  return {
    url,
    setupUrl: deps.settings.setupToken ? `${url}/setup?token=${deps.settings.setupToken}` : null,
    deps,
    close,
  } satisfies RunningServer
}

/** Refusals are answers; only failures nobody expected belong in the log (the client gets a generic message). */
function logUnexpected({ error, path }: { error: TRPCError; path?: string | undefined }) {
  if (error.code !== 'INTERNAL_SERVER_ERROR' || brokeWebSocketProtocol(error.cause)) return
  console.error(`[api] ${path ?? '?'}:`, loggableError(error.cause ?? error))
}

/**
 * An oversized or malformed frame: ws closes that client's connection (1009, 1002) and tRPC reports it as
 * an internal error. It is the client's doing, not a fault of the server's to log.
 */
function brokeWebSocketProtocol(cause: unknown): boolean {
  const code = (cause as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && code.startsWith('WS_ERR_')
}

/**
 * Mutations come as JSON from the apps' own pages. A page on another origin may still make a browser
 * send a form POST with the agent's cookie (SameSite=Lax lets same-site origins through, and multipart
 * forms need no preflight): such a request carries a foreign Origin, or a form's content type. Requests
 * without Origin come from non-browser clients, which hold their own credentials.
 */
function refuseMutation(
  req: IncomingMessage,
  config: ServerConfig,
): { status: number; message: string } | null {
  if (req.method !== 'POST') return null
  if (!sameOrigin(req, config)) return { status: 403, message: 'Requests from other sites are refused.' }
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/json') return { status: 415, message: 'The API takes JSON (application/json).' }
  return null
}

/**
 * Agents authenticate WebSockets by cookie, so a page on another site must not open one in their name
 * (cross-site WebSocket hijacking). Browsers always send Origin; non-browser clients may omit it.
 */
function sameOrigin(req: IncomingMessage, config: ServerConfig): boolean {
  const origin = req.headers.origin
  if (!origin) return true
  try {
    const { host } = new URL(origin)
    return (
      host === req.headers.host ||
      (config.publicUrl !== undefined && origin === new URL(config.publicUrl).origin)
    )
  } catch {
    return false
  }
}
