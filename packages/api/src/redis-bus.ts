import type { Redis } from 'ioredis'
import { type BusMessage, type EventBus, InProcessEventBus, topics } from './event-bus.ts'
import { connectRedis, disconnectRedis } from './redis.ts'

interface Envelope {
  /** The instance that published it: it has delivered it to its own listeners already. */
  from: string
  topic: string
  message: BusMessage
}

/**
 * The bus between instances (REDIS_URL), over Redis pub/sub. What it carries is small and may be lost:
 * "the log grew" and typing signals. A lost wake only delays an event until the next read of the log
 * (the feed reads on every wake, on a timer, and whenever this bus reconnects); a lost typing signal is
 * repeated by the typist's next keystrokes. Listeners on this instance hear their own instance's
 * messages at once, without the round trip through Redis.
 */
export class RedisEventBus implements EventBus {
  readonly #local = new InProcessEventBus()
  readonly #instance = crypto.randomUUID()
  readonly #channel: string
  #warned = false

  /**
   * `subscriber` is given over to this bus (a Redis connection in subscriber mode can do nothing else);
   * `publisher` may be shared. `channel` separates deployments (and test runs) on one Redis.
   */
  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    channel = 'parley:bus',
  ) {
    this.#channel = channel
    subscriber.on('message', (from: string, raw: string) => {
      if (from !== this.#channel) return
      const envelope = parse(raw)
      if (envelope && envelope.from !== this.#instance) this.#local.publish(envelope.topic, envelope.message)
    })
    // After a reconnect, whatever was published meanwhile is gone: read the log rather than wait for the timer.
    subscriber.on('ready', () => {
      this.#local.publish(topics.log, { kind: 'committed' })
      this.#local.publish(topics.sessions, { kind: 'reconnected' })
      this.#local.publish(topics.presence, { kind: 'reconnected' })
      this.#local.publish(topics.agents, { kind: 'reconnected' })
    })
  }

  /**
   * A bus on its own two connections to `url`; resolves once the subscription stands (reconnects
   * re-subscribe by themselves), so an outage only pauses the bus.
   */
  static async open(url: string, channel?: string): Promise<RedisEventBus> {
    const bus = new RedisEventBus(connectRedis(url, 'bus'), connectRedis(url, 'bus'), channel)
    await bus.subscriber.subscribe(bus.#channel)
    return bus
  }

  async close(): Promise<void> {
    await disconnectRedis(this.subscriber)
    await disconnectRedis(this.publisher)
  }

  async publish(topic: string, message: BusMessage): Promise<void> {
    this.#local.publish(topic, message)
    const envelope: Envelope = { from: this.#instance, topic, message }
    try {
      await this.publisher.publish(this.#channel, JSON.stringify(envelope))
      this.#warned = false
    } catch (error) {
      // The other instances heal from the log; one line per outage is enough.
      if (!this.#warned)
        console.error('[bus] Redis publish failed; other instances catch up from the log:', error)
      this.#warned = true
    }
  }

  subscribe(topic: string, listener: (message: BusMessage) => void): () => void {
    return this.#local.subscribe(topic, listener)
  }
}

/** Messages on the channel come from our own instances, but a malformed one must not crash a listener. */
function parse(raw: string): Envelope | null {
  try {
    const envelope = JSON.parse(raw) as Envelope
    return typeof envelope?.topic === 'string' && typeof envelope.from === 'string' ? envelope : null
  } catch {
    return null
  }
}
