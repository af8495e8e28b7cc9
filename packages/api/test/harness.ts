import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  Agent,
  AgentSession,
  Contact,
  createOrm,
  type EntityManager,
  type EventStream,
  entities,
  type FilterQuery,
  type MikroORM,
} from '@parley/db'
import { MAX_ATTACHMENT_BYTES } from '@parley/domain'
import { createMailer, type Mailer } from '@parley/mail'
import { freshPostgresDatabase, testServices } from '@parley/test-services'
import { getErrorShape, isTrackedEnvelope, TRPCError } from '@trpc/server'
import type { Credentials } from '../src/context.ts'
import {
  type ApiDeps,
  appRouter,
  type BusMessage,
  createCallerFactory,
  createContext,
  type EventBus,
  EventFeed,
  InProcessEventBus,
  inProcessSharedState,
  openRedisSharedState,
} from '../src/index.ts'
import { hashPassword, hashToken, newToken } from '../src/secrets.ts'

/** The one thing mocked: time. Every read moves it on by a millisecond, so stored rows keep their order. */
export class Clock {
  #ms: number

  constructor(start = Date.UTC(2030, 0, 15, 9, 0, 0)) {
    this.#ms = start
  }

  get now(): Date {
    this.#ms += 1
    return new Date(this.#ms)
  }

  advance(ms: number): void {
    this.#ms += ms
  }
}

/**
 * The real in-process bus, plus a way to wait until a subscription has started listening: typing
 * signals are never stored, so a test must not send one before anybody listens.
 */
export class ObservedBus implements EventBus {
  readonly #bus: EventBus
  readonly #subscribed = new Map<string, number>()
  readonly #waiters = new Set<() => void>()

  constructor(bus: EventBus = new InProcessEventBus()) {
    this.#bus = bus
  }

  publish(topic: string, message: BusMessage): Promise<void> {
    return this.#bus.publish(topic, message)
  }

  subscribe(topic: string, listener: (message: BusMessage) => void): () => void {
    const unsubscribe = this.#bus.subscribe(topic, listener)
    this.#subscribed.set(topic, this.subscriptionsTo(topic) + 1)
    for (const wake of this.#waiters) wake()
    return unsubscribe
  }

  /** How many times anyone ever subscribed to `topic`. */
  subscriptionsTo(topic: string): number {
    return this.#subscribed.get(topic) ?? 0
  }

  async untilSubscribed(topic: string, atLeast: number, timeoutMs = 2_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (this.subscriptionsTo(topic) < atLeast) {
      if (Date.now() > deadline) throw new Error(`nobody subscribed to ${topic} within ${timeoutMs} ms`)
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#waiters.delete(wake)
          clearTimeout(timer)
          resolve()
        }
        const timer = setTimeout(wake, 20)
        this.#waiters.add(wake)
      })
    }
  }
}

const createCaller = createCallerFactory(appRouter)
export type Caller = ReturnType<typeof createCaller>

export interface TestAgent {
  id: string
  name: string
  email: string
  password: string
}

export interface TestCustomer {
  token: string
  contactId: string
  caller: Caller
}

export interface Refusal {
  code: TRPCError['code']
  message: string
  domainCode: string | null
  fieldErrors: Record<string, string[] | undefined> | null
  retryAfterSeconds: number | null
}

/** What an app would receive for a failed call: the tRPC code plus the formatted `data` (domainCode…). */
export async function refusalOf(call: Promise<unknown> | (() => Promise<unknown>)): Promise<Refusal> {
  try {
    await (typeof call === 'function' ? call() : call)
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error
    const shape = getErrorShape({
      config: appRouter._def._config,
      error,
      type: 'unknown',
      path: undefined,
      input: undefined,
      ctx: undefined,
    })
    return {
      code: error.code,
      // What a client is shown: the formatted message, not the server-side one.
      message: shape.message,
      domainCode: shape.data.domainCode,
      fieldErrors: shape.data.fieldErrors ?? null,
      retryAfterSeconds: shape.data.retryAfterSeconds ?? null,
    }
  }
  throw new Error('expected the call to be refused, but it went through')
}

export interface StreamItem<T> {
  id: string | null
  data: T
}

/** A running subscription, called the way the WebSocket adapter calls it, collecting what it yields. */
export class Stream<T> {
  readonly items: StreamItem<T>[] = []
  #error: unknown = null
  #changed: (() => void) | null = null
  readonly #abort: AbortController
  readonly #done: Promise<void>

  constructor(iterable: AsyncIterable<unknown>, abort: AbortController) {
    this.#abort = abort
    this.#done = (async () => {
      try {
        for await (const value of iterable) {
          this.items.push(
            isTrackedEnvelope(value) ? { id: value[0], data: value[1] as T } : { id: null, data: value as T },
          )
          this.#changed?.()
        }
      } catch (error) {
        this.#error = error
        this.#changed?.()
      }
    })()
  }

  get data(): T[] {
    return this.items.map((item) => item.data)
  }

  get error(): unknown {
    return this.#error
  }

  /** Resolves with the first item matching `predicate`, failing after `timeoutMs`. */
  async waitFor(predicate: (data: T) => boolean, timeoutMs = 2_000): Promise<StreamItem<T>> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.items.find((item) => predicate(item.data))
      if (found) return found
      if (this.#error) throw this.#error
      const left = deadline - Date.now()
      if (left <= 0) {
        throw new Error(`the subscription did not yield the expected item within ${timeoutMs} ms`)
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.#changed = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.#changed = null
    }
  }

  /** Ends the subscription the way a closing socket does: through its abort signal. */
  async stop(): Promise<void> {
    this.#abort.abort()
    await this.#done
  }
}

export interface Harness {
  deps: ApiDeps
  orm: MikroORM
  clock: Clock
  bus: ObservedBus
  /** A fresh EntityManager, to look at (or arrange) what is really stored. */
  em(): EntityManager
  count(entity: (typeof entities)[number], where?: object): Promise<number>
  /** Rows per table, to prove a refused call changed nothing. */
  rowCounts(): Promise<Record<string, number>>
  createAgent(options: { name?: string; role: 'admin' | 'agent'; support: boolean }): Promise<TestAgent>
  /** An admin: role admin with the support flag, like the first admin. */
  admin(name?: string): Promise<TestAgent>
  /** A support agent: sees "From customers". */
  supportAgent(name?: string): Promise<TestAgent>
  /** An agent without the support flag: sees only their own conversations. */
  plainAgent(name?: string): Promise<TestAgent>
  asAgent(agent: TestAgent): Promise<Caller>
  /** The session cookie's value for `agent` (one session per agent, created on first use). */
  sessionOf(agent: TestAgent): Promise<Partial<Credentials>>
  asCustomer(token: string): Caller
  /** Without credentials; from `address` as a socket would report it, or like an in-process caller (null). */
  anonymous(address?: string): Caller
  /** A visitor who went through `customer.start`. */
  customer(name?: string): Promise<TestCustomer>
  /** A customer with one open conversation, started with `body`. */
  customerWithConversation(
    body?: string,
    name?: string,
  ): Promise<TestCustomer & { conversationId: string; messageId: string }>
  blockContact(contactId: string): Promise<void>
  /** Until `count` subscriptions follow `stream` live (replay done or not needed). */
  untilFollowed(stream: EventStream, count: number): Promise<void>
  subscribe<T>(
    credentials: Partial<Credentials>,
    start: (caller: Caller) => Promise<AsyncIterable<unknown>>,
    options?: { listensOn?: string },
  ): Promise<Stream<T>>
  /** A second API instance on the same database and shared state, as a second server would be. */
  otherInstance(): Promise<{ asAgent(agent: TestAgent): Promise<Caller>; close(): Promise<void> }>
  close(): Promise<void>
}

/** A fresh database: SQLite in a temporary DATA_DIR, or in the services run a new PostgreSQL database. */
async function freshDatabase(): Promise<{
  orm: MikroORM
  /** Another connection to the same database, as another instance has. */
  openAgain(): Promise<MikroORM>
  remove(): Promise<void>
}> {
  const services = testServices()
  if (services) {
    const database = await freshPostgresDatabase(services.postgresUrl)
    return {
      orm: await createOrm({ databaseUrl: database.url }),
      openAgain: () => createOrm({ databaseUrl: database.url }),
      remove: async () => void (await database.drop()),
    }
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-api-'))
  return {
    orm: await createOrm({ dataDir }),
    openAgain: () => createOrm({ dataDir }),
    remove: async () => rmSync(dataDir, { recursive: true, force: true }),
  }
}

/** One real database of its own, with the API's collaborators wired as the server does. */
export async function createHarness(options: { mailer?: Mailer } = {}): Promise<Harness> {
  const database = await freshDatabase()
  // Mail goes to a dev outbox of this harness's own, as without SMTP_URL, unless a test brings a mailer.
  const mailDir = mkdtempSync(path.join(tmpdir(), 'parley-mail-'))
  const mailer = options.mailer ?? createMailer({ from: 'Parley <support@localhost>', dataDir: mailDir })
  const { orm } = database
  const clock = new Clock()
  // In the services run, through Redis as between instances, under a namespace of this harness's own.
  const services = testServices()
  const namespace = `parley-test:${crypto.randomUUID()}:`
  const shared = services ? await openRedisSharedState(services.redisUrl, namespace) : inProcessSharedState()
  const bus = new ObservedBus(shared.bus)
  const feed = new EventFeed(orm, bus, { healEveryMs: shared.healEveryMs })
  const deps: ApiDeps = {
    orm,
    bus,
    feed,
    presence: shared.presence,
    now: () => clock.now,
    limits: shared.limits,
    mailer,
    settings: {
      missedAfterMs: 30_000,
      presenceGraceMs: 0,
      setupToken: null,
      secureCookies: false,
      trustedProxies: 0,
      publicUrl: 'https://help.example.com',
      uploadMaxBytes: MAX_ATTACHMENT_BYTES,
    },
  }
  const streams: Stream<unknown>[] = []
  const sessionTokens = new Map<string, string>()
  let sequence = 0

  const callerWith = (
    credentials: Partial<Credentials>,
    signal?: AbortSignal,
    address?: string,
    through: ApiDeps = deps,
  ): Caller => {
    const base = createContext(through, { headers: {}, socket: { remoteAddress: address } }, {})
    return createCaller(
      { ...base, credentials: { sessionToken: null, visitorToken: null, ...credentials } },
      { signal },
    )
  }

  const harness: Harness = {
    deps,
    orm,
    clock,
    bus,
    em: () => orm.em.fork(),

    count: (entity, where = {}) => orm.em.fork().count(entity as never, where as FilterQuery<never>),

    async rowCounts() {
      const em = orm.em.fork()
      const counts: Record<string, number> = {}
      for (const entity of entities) counts[entity.meta.className] = await em.count(entity as never)
      return counts
    },

    async createAgent({ name, role, support }) {
      sequence += 1
      const agentName = name ?? `Agent ${sequence}`
      const email = `agent${sequence}@example.com`
      const password = `password-${sequence}`
      const em = orm.em.fork()
      const agent = em.create(Agent, {
        email,
        name: agentName,
        passwordHash: await hashPassword(password),
        role,
        support,
      })
      await em.flush()
      return { id: agent.id, name: agentName, email, password }
    },

    admin: (name) => harness.createAgent({ name, role: 'admin', support: true }),
    supportAgent: (name) => harness.createAgent({ name, role: 'agent', support: true }),
    plainAgent: (name) => harness.createAgent({ name, role: 'agent', support: false }),

    asAgent: async (agent) => callerWith(await harness.sessionOf(agent)),

    async sessionOf(agent) {
      let token = sessionTokens.get(agent.id)
      if (!token) {
        token = newToken()
        const em = orm.em.fork()
        em.create(AgentSession, {
          id: hashToken(token),
          agent: agent.id,
          expiresAt: new Date(clock.now.getTime() + 30 * 86_400_000),
        })
        await em.flush()
        sessionTokens.set(agent.id, token)
      }
      return { sessionToken: token }
    },

    async otherInstance() {
      // Its own connections to the same database and its own shared state on the same Redis namespace:
      // nothing in memory in common with this one (in-process without the services, as one machine).
      const otherOrm = await database.openAgain()
      const otherShared = services ? await openRedisSharedState(services.redisUrl, namespace) : shared
      const otherBus = new ObservedBus(otherShared.bus)
      const other: ApiDeps = {
        ...deps,
        orm: otherOrm,
        bus: otherBus,
        feed: new EventFeed(otherOrm, otherBus, { healEveryMs: otherShared.healEveryMs }),
        presence: otherShared.presence,
        limits: otherShared.limits,
      }
      return {
        asAgent: async (agent: TestAgent) =>
          callerWith(await harness.sessionOf(agent), undefined, undefined, other),
        async close() {
          other.feed.close()
          if (otherShared !== shared) await otherShared.close()
          await otherOrm.close(true)
        },
      }
    },

    asCustomer: (token) => callerWith({ visitorToken: token }),
    anonymous: (address) => callerWith({}, undefined, address),

    async customer(name = 'Carla Customer') {
      const { token, contact } = await harness.anonymous().customer.start({ name })
      return { token, contactId: contact.id, caller: harness.asCustomer(token) }
    },

    async customerWithConversation(body = 'Hello, my order has not arrived.', name) {
      const customer = await harness.customer(name)
      const { conversation, message } = await customer.caller.customer.startConversation({
        clientId: crypto.randomUUID(),
        body,
      })
      return { ...customer, conversationId: conversation.id, messageId: message.id }
    },

    async blockContact(contactId) {
      const em = orm.em.fork()
      const contact = await em.findOneOrFail(Contact, { id: contactId })
      contact.blocked = true
      await em.flush()
    },

    async untilFollowed(stream, count) {
      const deadline = Date.now() + 2_000
      while (feed.followers(stream) < count) {
        if (Date.now() > deadline) throw new Error(`fewer than ${count} subscriptions follow ${stream.kind}`)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    },

    async subscribe<T>(
      credentials: Partial<Credentials>,
      start: (caller: Caller) => Promise<AsyncIterable<unknown>>,
      options: { listensOn?: string } = {},
    ) {
      const before = options.listensOn ? bus.subscriptionsTo(options.listensOn) : 0
      const abort = new AbortController()
      const iterable = await start(callerWith(credentials, abort.signal))
      const stream = new Stream<T>(iterable, abort)
      streams.push(stream as Stream<unknown>)
      if (options.listensOn) await bus.untilSubscribed(options.listensOn, before + 1)
      return stream
    },

    async close() {
      await Promise.all(streams.map((stream) => stream.stop()))
      feed.close()
      await shared.close()
      await orm.close(true)
      await database.remove()
      mailer.close()
      rmSync(mailDir, { recursive: true, force: true })
    },
  }
  return harness
}
