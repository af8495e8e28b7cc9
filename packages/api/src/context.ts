import type { EntityManager, MikroORM } from '@parley/db'
import type { EventBus } from './event-bus.ts'
import type { Presence } from './presence.ts'

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
  bus: EventBus
  presence: Presence
  settings: ApiSettings
  now: () => Date
}

/** What a caller brought: credentials are resolved to an actor per call, by the procedure builders. */
export interface Credentials {
  sessionToken: string | null
  visitorToken: string | null
}

export interface Context {
  deps: ApiDeps
  credentials: Credentials
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
    setCookie: options.setCookie ?? null,
  }
}

export type { EntityManager }
