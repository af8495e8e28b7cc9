import { type AgentPresence, agentPresence } from '@parley/domain'
import type { Redis } from 'ioredis'
import type { ApiDeps } from './context.ts'
import { type EventBus, topics } from './event-bus.ts'

/**
 * Who is connected right now, counted by open subscriptions: an agent with the inbox open is online
 * (rule 11), a customer with the chat open is "online in the chat" (rule 12). `isOnline` is synchronous:
 * it is asked while views are made, once per event and viewer.
 */
export interface Presence {
  /** Counts one connection of `key` until the returned function is called (more calls do nothing). */
  connect(key: string): () => void
  isOnline(key: string): boolean
  close(): Promise<void>
}

export const presenceKey = {
  /** An open inbox (its stream). */
  agent: (id: string) => `agent:${id}`,
  /** An inbox tab in use (auth.active): online rather than away. */
  agentInUse: (id: string) => `agent-in-use:${id}`,
  contact: (id: string) => `contact:${id}`,
}

/** Online, away or offline (agentPresence), on every instance. */
export function agentPresenceOf(presence: Presence, agentId: string): AgentPresence {
  return agentPresence({
    inboxOpen: presence.isOnline(presenceKey.agent(agentId)),
    inUse: presence.isOnline(presenceKey.agentInUse(agentId)),
  })
}

/**
 * Counts one connection of `key` for a subscription; the returned release waits out the grace period:
 * a reload or a network blip is no absence (issue 8, part 3).
 */
export function holdPresence(deps: Pick<ApiDeps, 'presence' | 'settings'>, key: string): () => void {
  const release = deps.presence.connect(key)
  return () => {
    const grace = deps.settings.presenceGraceMs
    if (grace > 0) setTimeout(release, grace).unref()
    else release()
  }
}

/** This instance's connections per key; `changed` hears a key's first connection and its last release. */
class ConnectionCounts {
  readonly #counts = new Map<string, number>()

  constructor(private readonly changed: (key: string, online: boolean) => void = () => {}) {}

  connect(key: string): () => void {
    const count = (this.#counts.get(key) ?? 0) + 1
    this.#counts.set(key, count)
    if (count === 1) this.changed(key, true)
    let released = false
    return () => {
      if (released) return
      released = true
      const left = (this.#counts.get(key) ?? 1) - 1
      if (left > 0) {
        this.#counts.set(key, left)
        return
      }
      this.#counts.delete(key)
      this.changed(key, false)
    }
  }

  has(key: string): boolean {
    return this.#counts.has(key)
  }

  keys(): string[] {
    return [...this.#counts.keys()]
  }
}

/** One instance: its own connections are everyone's. */
export class InProcessPresence implements Presence {
  readonly #counts = new ConnectionCounts()

  connect(key: string): () => void {
    return this.#counts.connect(key)
  }

  isOnline(key: string): boolean {
    return this.#counts.has(key)
  }

  async close(): Promise<void> {}
}

export interface RedisPresenceTiming {
  /** How often an instance rewrites its set and re-reads everyone's (heals anything a lost message missed). */
  heartbeatMs: number
  /** An instance's set outlives its last heartbeat by this much: a killed instance's people go offline then. */
  ttlMs: number
  /** Changes heard from other instances within this window are read from Redis together. */
  coalesceMs: number
}

const DEFAULT_TIMING: RedisPresenceTiming = { heartbeatMs: 5_000, ttlMs: 20_000, coalesceMs: 50 }

/**
 * Several instances (REDIS_URL). Each instance keeps its connected keys in a Redis set of its own,
 * `<ns>presence:<instance>`, listed with an expiry in `<ns>presence:instances`, and says on the bus when
 * a key comes or goes; the others then re-read the union of the live sets into a local mirror, which
 * `isOnline` consults without a round trip. A set expires when its instance stops heartbeating (killed),
 * so nobody stays online forever; a lost bus message is healed by the next heartbeat (≤ 5 s late). While
 * Redis is away each instance still knows its own connections; on its return the sets are rewritten.
 */
export class RedisPresence implements Presence {
  readonly #instance = crypto.randomUUID()
  readonly #counts: ConnectionCounts
  #everywhere = new Set<string>()
  readonly #timer: NodeJS.Timeout
  readonly #unsubscribe: () => void
  #refreshing: Promise<void> | null = null
  #refreshAgain = false
  #closed = false

  constructor(
    private readonly redis: Redis,
    private readonly bus: EventBus,
    private readonly namespace: string,
    private readonly timing: RedisPresenceTiming = DEFAULT_TIMING,
  ) {
    this.#counts = new ConnectionCounts((key, online) => void this.#announce(key, online))
    this.#unsubscribe = bus.subscribe(topics.presence, (message) => {
      if (message.kind === 'reconnected') void this.#heartbeat()
      else setTimeout(() => void this.refresh(), timing.coalesceMs).unref()
    })
    this.#timer = setInterval(() => void this.#heartbeat(), timing.heartbeatMs)
    this.#timer.unref()
  }

  /** Resolves once this instance's set is written and everyone's read: online state is known from then on. */
  async start(): Promise<this> {
    await this.#heartbeat()
    return this
  }

  connect(key: string): () => void {
    return this.#counts.connect(key)
  }

  isOnline(key: string): boolean {
    return this.#counts.has(key) || this.#everywhere.has(key)
  }

  async close(): Promise<void> {
    this.#closed = true
    clearInterval(this.#timer)
    this.#unsubscribe()
    await this.redis
      .multi()
      .del(this.#ownSet)
      .zrem(this.#index, this.#instance)
      .exec()
      .then(() => this.bus.publish(topics.presence, { kind: 'presence-changed' }))
      .catch(() => {})
  }

  /** Re-reads who is connected on every live instance. Concurrent calls share a read and ask for one more. */
  refresh(): Promise<void> {
    if (this.#refreshing) {
      this.#refreshAgain = true
      return this.#refreshing
    }
    this.#refreshing = (async () => {
      try {
        do {
          this.#refreshAgain = false
          await this.#read()
        } while (this.#refreshAgain && !this.#closed)
      } catch {
        // Redis is away: keep the last mirror; the connection logs the outage, the heartbeat retries.
      } finally {
        this.#refreshing = null
      }
    })()
    return this.#refreshing
  }

  get #ownSet(): string {
    return `${this.namespace}presence:${this.#instance}`
  }

  get #index(): string {
    return `${this.namespace}presence:instances`
  }

  async #announce(key: string, online: boolean): Promise<void> {
    try {
      if (online)
        await this.redis.multi().sadd(this.#ownSet, key).pexpire(this.#ownSet, this.timing.ttlMs).exec()
      else await this.redis.srem(this.#ownSet, key)
      this.bus.publish(topics.presence, { kind: 'presence-changed' })
    } catch {
      // The next heartbeat writes the whole set again.
    }
  }

  async #heartbeat(): Promise<void> {
    if (this.#closed) return
    const keys = this.#counts.keys()
    const write = this.redis.multi().del(this.#ownSet)
    if (keys.length > 0) write.sadd(this.#ownSet, ...keys).pexpire(this.#ownSet, this.timing.ttlMs)
    write.zadd(this.#index, Date.now() + this.timing.ttlMs, this.#instance)
    await write.exec().catch(() => {})
    await this.refresh()
  }

  async #read(): Promise<void> {
    await this.redis.zremrangebyscore(this.#index, '-inf', Date.now())
    const instances = await this.redis.zrange(this.#index, 0, -1)
    const sets = instances.map((instance) => `${this.namespace}presence:${instance}`)
    this.#everywhere = new Set(sets.length > 0 ? await this.redis.sunion(...sets) : [])
  }
}
