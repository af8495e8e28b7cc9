import { isIP } from 'node:net'
import type { EntityManager, MikroORM } from '@parley/db'
import type { Mailer } from '@parley/mail'
import type { EventBus } from './event-bus.ts'
import type { EventFeed } from './event-feed.ts'
import type { Presence } from './presence.ts'
import type { RateLimits } from './rate-limits.ts'

export interface ApiSettings {
  /** Rule 11's wait before a conversation counts as missed. */
  missedAfterMs: number
  /** An agent stays online this long after their last connection closes (a reload is no absence). */
  presenceGraceMs: number
  /** One-time token that lets the first admin be created from the setup page; null once not needed. */
  setupToken: string | null
  /** Set the session cookie `Secure` (when served over https). */
  secureCookies: boolean
  /** Reverse proxies in front whose X-Forwarded-For entries are believed (TRUST_PROXY; 0: none). */
  trustedProxies: number
  /** PUBLIC_URL (or the server's own address): the base of absolute links, e.g. `/kb/<slug>` articles. */
  publicUrl: string
  /** UPLOAD_MAX_BYTES: the largest attachment (rule 10's 10 MB unless configured). */
  uploadMaxBytes: number
  /** Where push subscriptions may point (PUSH_SERVICES; the browsers' services unless configured). */
  pushServices?: readonly string[]
  /** PUSH_AFTER_MS: how long a reply waits unread before it is pushed (the domain's default). */
  pushAfterMs?: number
  /** EMAIL_FALLBACK_MS: how long a message waits unseen before it is emailed (rule 12's 60 s). */
  emailFallbackMs?: number
  /** INBOUND_EMAIL_DOMAIN: replies by email go to `reply+<token>@` it (localhost unless configured). */
  inboundEmailDomain?: string
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
  /** Outbound mail (issue 11): SMTP_URL's server, or the dev outbox admins read in the app. */
  mailer: Mailer
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
  /** Subscriptions open on this connection (one context serves every call of a WebSocket). */
  subscriptions: { open: number }
}

export const SESSION_COOKIE = 'parley_session'
export const VISITOR_HEADER = 'x-parley-visitor'

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key !== name) continue
    try {
      return decodeURIComponent(value.join('='))
    } catch {
      // A malformed cookie is no credential: the caller is treated as signed out, not as a server fault.
      return null
    }
  }
  return null
}

/**
 * Who is calling, for the per-address limits: the TCP peer, unless `trustedProxies` reverse proxies
 * stand in front (TRUST_PROXY). Each proxy appends the address it was called from to X-Forwarded-For,
 * so walking the list from the right past the trusted hops reaches the first address no trusted proxy
 * vouches for; anything further left was written by the client and may be forged. With 0 the header is
 * ignored. An entry that is no IP address means a misconfigured proxy: the peer is used instead.
 */
export function callerAddress(
  peer: string | null | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: number,
): string | null {
  const socketAddress = peer ?? null
  if (trustedProxies <= 0 || forwardedFor === undefined) return socketAddress
  const forwarded = [forwardedFor]
    .flat()
    .flatMap((header) => header.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  const hops = [...forwarded, socketAddress ?? '']
  const chosen = hops[Math.max(0, hops.length - 1 - Math.min(trustedProxies, hops.length - 1))]!
  return isIP(chosen) ? chosen : socketAddress
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
    // For a WebSocket, of its upgrade request.
    address: callerAddress(
      req.socket?.remoteAddress,
      req.headers['x-forwarded-for'],
      deps.settings.trustedProxies,
    ),
    setCookie: options.setCookie ?? null,
    subscriptions: { open: 0 },
  }
}

export type { EntityManager }
