import type { EntityManager, MikroORM } from '@parley/db'
import type { EventBus } from './event-bus.ts'
import type { EventFeed } from './event-feed.ts'
import type { Presence } from './presence.ts'
import type { RateLimits } from './rate-limits.ts'

export interface ApiSettings {
  /** Rule 11's wait before a conversation counts as missed. */
  missedAfterMs: number
  /** One-time token that lets the first admin be created from the setup page; null once not needed. */
  setupToken: string | null
  /** Set the session cookie `Secure` (when served over https). */
  secureCookies: boolean
}

/** Long-lived collaborators, created once by the server. */
export interface ApiDeps {
  orm: MikroORM
  /** Between instances: "the log grew" and typing signals. */
  bus: EventBus
  /** This instance's reader of the event log, which every subscription follows. */
  feed: EventFeed
  presence: Presence
  settings: ApiSettings
  now: () => Date
  limits: RateLimits
}

/** What a caller brought: credentials are resolved to an actor per call, by the procedure builders. */
export interface Credentials {
  sessionToken: string | null
  visitorToken: string | null
}

export interface Context {
  deps: ApiDeps
  credentials: Credentials
  /** The caller's IP address, for per-address limits; null when there is no socket (in-process callers). */
  address: string | null
  /** Absent on WebSocket connections: cookies are only set over HTTP. */
  setCookie: ((cookie: string) => void) | null
}

export const SESSION_COOKIE = 'parley_session'
export const VISITOR_HEADER = 'x-parley-visitor'

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return decodeURIComponent(value.join('='))
  }
  return null
}

interface RequestLike {
  headers: Record<string, string | string[] | undefined>
  socket?: { remoteAddress?: string | undefined }
}

/** The HTTP and WebSocket adapters both end up here; WebSocket customers send their token as connection params. */
export function createContext(
  deps: ApiDeps,
  req: RequestLike,
  options: { connectionParams?: Record<string, string> | null; setCookie?: (cookie: string) => void },
): Context {
  const cookieHeader = req.headers.cookie
  const visitorHeader = req.headers[VISITOR_HEADER]
  const visitorToken =
    options.connectionParams?.visitorToken ?? (typeof visitorHeader === 'string' ? visitorHeader : null)
  return {
    deps,
    credentials: {
      sessionToken: readCookie(typeof cookieHeader === 'string' ? cookieHeader : undefined, SESSION_COOKIE),
      visitorToken: visitorToken || null,
    },
    // The peer of the TCP connection (for a WebSocket, of its upgrade request). X-Forwarded-For is
    // deliberately ignored: anyone can send it, and there is no setting yet naming a trusted proxy. Behind
    // a reverse proxy every caller therefore shares the proxy's address.
    address: req.socket?.remoteAddress ?? null,
    setCookie: options.setCookie ?? null,
  }
}

export type { EntityManager }
