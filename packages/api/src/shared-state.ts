import { type EventBus, InProcessEventBus } from './event-bus.ts'
import { InProcessPresence, type Presence, RedisPresence } from './presence.ts'
import { RateLimits } from './rate-limits.ts'
import { connectRedis, disconnectRedis } from './redis.ts'
import { RedisEventBus } from './redis-bus.ts'

/**
 * What the instances of one deployment must agree on besides the database: the bus (the log grew,
 * typing, sign-outs, presence changes), the abuse limits and who is online. One instance keeps it in
 * memory; several share it through Redis (REDIS_URL).
 */
export interface SharedState {
  bus: EventBus
  limits: RateLimits
  presence: Presence
  /** How often the feed reads the log without a wake: only where a wake can be lost (between instances). */
  healEveryMs: number | null
  close(): Promise<void>
}

export function inProcessSharedState(): SharedState {
  const presence = new InProcessPresence()
  return {
    bus: new InProcessEventBus(),
    limits: new RateLimits(),
    presence,
    healEveryMs: null,
    close: () => presence.close(),
  }
}

/**
 * Everything under `namespace` (redis.ts `redisNamespace`): instances of one deployment share it, other
 * deployments and test runs on the same Redis never meet. Resolves once the bus listens and presence has
 * been read, so an instance does not serve a stale "offline" from its first moment.
 */
export async function openRedisSharedState(url: string, namespace: string): Promise<SharedState> {
  const bus = await RedisEventBus.open(url, `${namespace}bus`)
  const redis = connectRedis(url, 'shared state')
  const presence = await new RedisPresence(redis, bus, namespace).start()
  return {
    bus,
    limits: new RateLimits({ redis, namespace }),
    presence,
    // Between instances a wake can be lost (Redis restarting): reading the log every second heals it.
    healEveryMs: 1_000,
    async close() {
      await presence.close()
      await bus.close()
      await disconnectRedis(redis)
    },
  }
}
