import { AgentSession, type EntityManager } from '@parley/db'
import { TRPCError } from '@trpc/server'
import type { ApiDeps } from './context.ts'
import { topics } from './event-bus.ts'
import { perApi } from './per-api.ts'

/** An agent's signed-in session as the API holds it: the hash of its token (its id) and its end. */
export interface SessionRef {
  hash: string
  expiresAt: Date
}

/** A session as the message hot path remembers it: whose it is and until when. */
export interface RememberedSession {
  agentId: string
  expiresAt: Date
}

/**
 * Session token hash → agent, per running API, for replies and notes: looking the session up in the
 * database was a third of an agent message's server time. A session ends by expiring (checked on every
 * use) or by signing out, which every instance hears on the bus (`endSession`). Redis pub/sub loses
 * messages only while a connection is down, so when the bus comes back everything remembered is
 * dropped and read again from the database.
 */
export const rememberedSessions = perApi((deps) => {
  const cache = new Map<string, RememberedSession>()
  deps.bus.subscribe(topics.sessions, (message) => {
    if (message.kind === 'session-ended') cache.delete(message.sessionHash)
    if (message.kind === 'reconnected') cache.clear()
  })
  return cache
})

export const REMEMBERED_SESSIONS = 10_000

/**
 * After the session's row is deleted: every instance forgets it and ends its subscriptions. Resolves
 * once Redis has passed the news on, so a call made after the sign-out answered is refused everywhere.
 */
export function endSession(deps: ApiDeps, sessionHash: string): Promise<void> {
  return deps.bus.publish(topics.sessions, { kind: 'session-ended', sessionHash })
}

/** Deletes an agent's sessions and ends each on every instance: their next call and open streams. */
export async function endSessionsOf(
  deps: ApiDeps,
  em: EntityManager,
  agentId: string,
  except?: string,
): Promise<void> {
  const sessions = await em.find(AgentSession, { agent: agentId, ...(except ? { id: { $ne: except } } : {}) })
  if (sessions.length === 0) return
  await em.nativeDelete(AgentSession, { id: { $in: sessions.map((session) => session.id) } })
  await Promise.all(sessions.map((session) => endSession(deps, session.id)))
}

/** setTimeout's longest delay (about 24.8 days); a longer session is re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * Runs an agent's subscription for as long as both the client wants it (`signal`) and the session
 * lasts: a sign-out on any instance, or the session's expiry, ends it with UNAUTHORIZED, as the next
 * call would be refused. After a bus outage the session is looked up again, since its end may have been
 * announced while the bus was away.
 */
export async function* whileSessionLasts<T>(
  deps: ApiDeps,
  session: SessionRef,
  signal: AbortSignal | undefined,
  follow: (signal: AbortSignal) => AsyncIterable<T>,
): AsyncGenerator<T> {
  const scope = new AbortController()
  let ended = false
  const end = () => {
    ended = true
    scope.abort()
  }
  const stop = () => scope.abort()
  if (signal?.aborted) stop()
  signal?.addEventListener('abort', stop, { once: true })
  let timer: NodeJS.Timeout | undefined
  const armExpiry = () => {
    const left = session.expiresAt.getTime() - deps.now().getTime()
    if (left <= 0) end()
    else timer = setTimeout(armExpiry, Math.min(left, MAX_TIMER_MS))
  }
  armExpiry()
  const unsubscribe = deps.bus.subscribe(topics.sessions, (message) => {
    if (message.kind === 'session-ended' && message.sessionHash === session.hash) end()
    if (message.kind === 'reconnected') {
      void deps.orm.em
        .fork()
        .count(AgentSession, { id: session.hash })
        .then((found) => found === 0 && end())
        .catch(() => {})
    }
  })
  try {
    yield* follow(scope.signal)
  } finally {
    clearTimeout(timer)
    unsubscribe()
    signal?.removeEventListener('abort', stop)
  }
  if (ended)
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Your session has ended. Please sign in again.' })
}
