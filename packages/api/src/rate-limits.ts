import { isIPv6 } from 'node:net'
import { TRPCError } from '@trpc/server'
import type { Redis } from 'ioredis'
import {
  BurstyRateLimiter,
  type IRateLimiterOptions,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible'

/**
 * Every abuse limit, with its numbers, lives here. Durations are in seconds (the library's unit).
 *
 * rate-limiter-flexible keeps the same API over memory and Redis: one instance counts in memory; several
 * (REDIS_URL) count in Redis, so a limit is one limit whichever instance a caller reaches. The library
 * reads `Date.now()`, not `deps.now()`: tests move time with vitest's fake Date.
 */
export const LIMITS = {
  /**
   * Wrong passwords for one email. Ten is more than anyone mistyping needs, and caps online guessing
   * at about a thousand a day per account; a locked-out owner waits at most a quarter of an hour.
   */
  signInFailuresPerEmail: { points: 10, duration: 15 * 60 },
  /**
   * Failed sign-ins and setup links from one address, whichever emails they name: stops one machine
   * spraying a common password across many accounts, yet leaves room for an office behind one NAT.
   */
  failuresPerAddress: { points: 50, duration: 15 * 60 },
  /**
   * A customer's messages: 2 a second sustained, plus 18 more per 10 seconds for a burst (20 in the first
   * second: pasting several lines, a reconnect flushing its outbox). A person types far slower; the
   * benchmark's customers send 1 a second (3 at its highest step), well inside.
   */
  customerSends: { points: 2, duration: 1 },
  customerSendBurst: { points: 18, duration: 10 },
  /**
   * New customers (chat sessions) from one address: the per-customer limits mean nothing if a script
   * can simply become a new customer (1,000 in half a minute were seen). A returning visitor keeps their
   * session, so 30 new ones in 10 minutes is far more than one household or office starts.
   */
  customersStartedPerAddress: { points: 30, duration: 10 * 60 },
  /** New conversations per customer: a person starts a few a day; more is someone filling the inbox. */
  conversationsStarted: { points: 10, duration: 60 * 60 },
  /**
   * Transcripts by email (issue 11, part 6): a customer asks for one now and then. The address is the
   * visitor's own word, so it is limited too: nobody can turn Parley into a mail cannon at someone else.
   */
  transcriptsPerContact: { points: 3, duration: 60 * 60 },
  transcriptsPerEmail: { points: 5, duration: 24 * 60 * 60 },
  /** The chat page signals typing every 2.5 s; beyond 5 a second is a script, and its signals are dropped. */
  customerTyping: { points: 5, duration: 1 },
  /**
   * Searches of the public knowledge base (/kb?q=) from one address: each one reads every published
   * article's text, and anyone may ask. A reader searches a few times a minute; an office behind one
   * address fits in 60; a script looping over it does not.
   */
  publicSearchesPerAddress: { points: 60, duration: 60 },
  /**
   * Open WebSockets from one address, per instance: each browser tab holds one, so an office of a
   * hundred people fits; a script opening thousands does not.
   */
  socketsPerAddress: 100,
  /** Live updates one socket may follow at once: the apps need a handful (inbox, thread, typing). */
  subscriptionsPerSocket: 50,
} as const

/** Carried as a TOO_MANY_REQUESTS error's cause, so the formatter can tell the client when to retry. */
export class RateLimited extends Error {
  constructor(
    readonly retryAfterMs: number,
    message: string,
  ) {
    super(message)
  }
}

/** `what` is the first sentence of the message; the second says how long to wait. */
function refuseIf(refusal: RateLimiterRes | null, what: string): void {
  if (!refusal) return
  const message = `${what} Try again in ${waitInWords(refusal.msBeforeNext)}.`
  throw new TRPCError({
    code: 'TOO_MANY_REQUESTS',
    message,
    cause: new RateLimited(refusal.msBeforeNext, message),
  })
}

/** "45 seconds", "1 minute", "14 minutes": rounded up, so the wait is never shorter than said. */
export function waitInWords(ms: number): string {
  const [count, unit] = ms <= 60_000 ? [Math.ceil(ms / 1000), 'second'] : [Math.ceil(ms / 60_000), 'minute']
  const n = Math.max(1, count)
  return `${n} ${unit}${n === 1 ? '' : 's'}`
}

/** The limiter's refusal, or null when the point was granted. Anything else (a store failure) is thrown. */
async function rejection(consumed: Promise<RateLimiterRes>): Promise<RateLimiterRes | null> {
  try {
    await consumed
    return null
  } catch (error) {
    if (error instanceof RateLimiterRes) return error
    throw error
  }
}

/**
 * What per-address limits count by. IPv6 by its /64, the block one subscriber gets, or an attacker
 * would simply walk through their addresses; IPv4 seen through a dual-stack socket as itself.
 */
export function addressKey(address: string | null): string {
  if (!address) return 'unknown'
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return mapped[1]!
  const bare = address.split('%')[0]!
  if (!isIPv6(bare)) return address
  const [head = '', tail] = bare.split('::')
  const headGroups = head ? head.split(':') : []
  const tailGroups = tail ? tail.split(':') : []
  const zeros = tail === undefined ? [] : Array(8 - headGroups.length - tailGroups.length).fill('0')
  const prefix = [...headGroups, ...zeros, ...tailGroups].slice(0, 4)
  return `${prefix.map((group) => Number.parseInt(group, 16).toString(16)).join(':')}::/64`
}

/** A credential check in progress: it counts as a failure unless `succeeded()` is called. */
export interface Attempt {
  succeeded(): Promise<void>
}

/** Where the counters live: this process's memory, or Redis under a deployment's namespace. */
export interface LimitStore {
  redis: Redis
  namespace: string
}

function limiter(store: LimitStore | undefined, name: string, limit: { points: number; duration: number }) {
  const options: IRateLimiterOptions = { keyPrefix: name, ...limit }
  if (!store) return new RateLimiterMemory(options)
  return new RateLimiterRedis({
    ...options,
    storeClient: store.redis,
    keyPrefix: `${store.namespace}limit:${name}`,
    // While Redis is away each instance counts on its own rather than refusing everyone or nobody.
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(options),
  })
}

export class RateLimits {
  readonly #signInFailures
  readonly #addressFailures
  readonly #sends
  readonly #starts
  readonly #customersStarted
  readonly #typing
  readonly #publicSearches
  readonly #transcriptsByContact
  readonly #transcriptsByEmail

  constructor(store?: LimitStore) {
    this.#signInFailures = limiter(store, 'sign-in', LIMITS.signInFailuresPerEmail)
    this.#addressFailures = limiter(store, 'address', LIMITS.failuresPerAddress)
    this.#sends = new BurstyRateLimiter(
      limiter(store, 'send', LIMITS.customerSends),
      limiter(store, 'send-burst', LIMITS.customerSendBurst),
    )
    this.#starts = limiter(store, 'start', LIMITS.conversationsStarted)
    this.#customersStarted = limiter(store, 'customer-start', LIMITS.customersStartedPerAddress)
    this.#typing = limiter(store, 'typing', LIMITS.customerTyping)
    this.#publicSearches = limiter(store, 'kb-search', LIMITS.publicSearchesPerAddress)
    this.#transcriptsByContact = limiter(store, 'transcript', LIMITS.transcriptsPerContact)
    this.#transcriptsByEmail = limiter(store, 'transcript-email', LIMITS.transcriptsPerEmail)
  }

  /** Throws before anything is sent when this customer, or this address, had enough transcripts. */
  async transcript(contactId: string, email: string): Promise<void> {
    const [byContact, byEmail] = await Promise.all([
      rejection(this.#transcriptsByContact.consume(contactId)),
      rejection(this.#transcriptsByEmail.consume(email.toLowerCase())),
    ])
    refuseIf(byContact ?? byEmail, 'You have asked for enough transcripts for now.')
  }

  /**
   * Call before checking the password, and check it only if this resolves: during a lockout even the
   * right password is refused, and no password hashing runs. The failure is counted up front, so
   * parallel guesses cannot all slip in before the first one is recorded.
   */
  async signIn(email: string, address: string | null): Promise<Attempt> {
    const ip = addressKey(address)
    const [byEmail, byAddress] = await Promise.all([
      rejection(this.#signInFailures.consume(email)),
      rejection(this.#addressFailures.consume(ip)),
    ])
    refuseIf(byEmail ?? byAddress, 'Too many sign-in attempts.')
    return {
      succeeded: async () => {
        // The right password clears this email's failures; the address only gets this attempt back.
        await Promise.all([this.#signInFailures.delete(email), this.#addressFailures.reward(ip)])
      },
    }
  }

  /** The setup link's token is checked under the same per-address budget as passwords. */
  async setup(address: string | null): Promise<Attempt> {
    const ip = addressKey(address)
    refuseIf(await rejection(this.#addressFailures.consume(ip)), 'Too many attempts with a setup link.')
    return {
      succeeded: async () => {
        await this.#addressFailures.reward(ip)
      },
    }
  }

  /** Throws before anything is stored when this customer sends faster than a person could. */
  async customerSend(contactId: string): Promise<void> {
    refuseIf(await rejection(this.#sends.consume(contactId)), 'You are sending messages too quickly.')
  }

  /** In-process callers (no address: the server's own code, demo data) are not limited. */
  async customerStart(address: string | null): Promise<void> {
    if (address === null) return
    refuseIf(
      await rejection(this.#customersStarted.consume(addressKey(address))),
      'Too many new chats from your network.',
    )
  }

  async conversationStart(contactId: string): Promise<void> {
    refuseIf(await rejection(this.#starts.consume(contactId)), 'You have started too many conversations.')
  }

  /** Milliseconds to wait before this address may search the public knowledge base again, or null. */
  async publicSearch(address: string | null): Promise<number | null> {
    const refusal = await rejection(this.#publicSearches.consume(addressKey(address)))
    return refusal ? refusal.msBeforeNext : null
  }

  /** False when the signal should be dropped: typing is fire-and-forget, so nobody is told. */
  async customerTyping(contactId: string): Promise<boolean> {
    return (await rejection(this.#typing.consume(contactId))) === null
  }
}
