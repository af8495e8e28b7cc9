import { createHash } from 'node:crypto'
import { Redis } from 'ioredis'

/**
 * A connection to REDIS_URL as every part of the shared state uses it. A command fails after one retry
 * rather than queueing while Redis is away, so a caller falls back at once (the bus on the log, the
 * limits on their memory insurance, the session cache on the database); the connection itself
 * reconnects forever, backing off to 2 s between attempts.
 */
export function connectRedis(url: string, role: string): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt: number) => Math.min(50 * 2 ** attempt, 2_000),
  })
  reportOutages(redis, role)
  return redis
}

/** Closes politely when Redis answers, at once when it does not. */
export async function disconnectRedis(redis: Redis): Promise<void> {
  await redis.quit().catch(() => redis.disconnect())
}

/**
 * Where one deployment's keys and channels live in Redis: named after its database, so instances on
 * one database share them without a setting, and two deployments (or test runs) on one Redis never
 * meet. Credentials are left out of the name; the hash keeps the database's name out of Redis too.
 */
export function redisNamespace(database: { databaseUrl?: string | undefined; dataDir?: string }): string {
  let identity = database.dataDir ?? ''
  if (database.databaseUrl) {
    const url = new URL(database.databaseUrl)
    identity = `${url.hostname}:${url.port}${url.pathname}`
  }
  return `parley:${createHash('sha256').update(identity).digest('hex').slice(0, 12)}:`
}

/** One line when a connection is lost and one when it is back, not one per reconnect attempt. */
function reportOutages(redis: Redis, role: string): void {
  let down = false
  redis.on('error', (error: Error) => {
    if (!down) console.error(`[${role}] lost Redis (${error.message}); carrying on without it meanwhile`)
    down = true
  })
  redis.on('ready', () => {
    if (down) console.error(`[${role}] Redis is back`)
    down = false
  })
}
