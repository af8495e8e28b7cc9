/**
 * `@mikro-orm/better-sqlite` (better-sqlite3, synchronous) against `@mikro-orm/sqlite` (node-sqlite3, callbacks
 * on libuv's thread pool), in one process, on fresh temporary database FILES (one per contender) with the project's pragmas
 * (WAL, synchronous=NORMAL, foreign_keys=ON, busy_timeout) and its committed migrations applied.
 *
 * Scenarios, each measured for both drivers in the same round, the order alternating from round to round
 * (A B, B A, …) so that machine noise lands on both; the figure is the median of the rounds:
 *   orm-write  fork an EntityManager, load the conversation, create a Message and its Event, set the
 *              conversation's lastMessageAt, flush (the shape of packages/api/src/conversation-writer.ts).
 *   orm-read   fork, findOne(Conversation) + find(Message, { conversation }, 50 newest).
 *   raw-batch  the hot path of packages/db/src/message-store.ts: acquire the pool's connection, then per message
 *              insert message, insert event `returning seq`, update conversation, 50 messages per transaction.
 *              better-sqlite3: cached `prepare()`d statements inside `db.transaction()`. node-sqlite3: `BEGIN`,
 *              cached prepared statements, each call awaited (its `seq` is needed before the next message is
 *              decided), `COMMIT`; `sqlite-pipelined` queues the whole batch under `db.serialize()` and awaits
 *              only the end (its best case, which the send queue could not use as it decides per message;
 *              on a database of its own, so that the two compared databases grow at the same pace).
 *              Both connections come from the ORM's own knex pool (`getKnex().client.acquireConnection()`).
 *
 * CPU is `process.cpuUsage()` (all threads, so node-sqlite3's thread-pool work counts); "loop" is the main
 * thread's busy time (event-loop utilisation × wall), what the server's single event loop pays.
 *
 *   cd bench && npx tsx src/driver-compare.ts [--rounds 5] [--ops 2000] [--batches 60] [--batch 50]
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import type { EntityManager } from '@mikro-orm/core'
import { Migrator } from '@mikro-orm/migrations'
import { Contact, Conversation, config, createOrm, Event, Message, messageStoreSql } from '@parley/db'
import { machineMeter } from './machine.ts'

/**
 * Not a dependency of the workspace: node-sqlite3 compiles from source (~50 s) on every install, for this
 * script alone. To run it, add it for a while: `pnpm --filter @parley/bench add -D @mikro-orm/sqlite@6.6.16`
 * with `sqlite3` listed in `onlyBuiltDependencies` (pnpm-workspace.yaml). Both drivers export the same API.
 */
const SQLITE_DRIVER = '@mikro-orm/sqlite'
const { defineConfig: defineSqliteConfig, MikroORM: SqliteMikroORM } = (await import(SQLITE_DRIVER).catch(
  () => {
    console.error(
      `${SQLITE_DRIVER} is not installed: pnpm --filter @parley/bench add -D ${SQLITE_DRIVER}@6.6.16, with sqlite3 in onlyBuiltDependencies.`,
    )
    process.exit(1)
  },
)) as typeof import('@mikro-orm/better-sqlite')

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    rounds: { type: 'string', default: '5' },
    /** ORM operations per measurement (each scenario, each driver, each round). */
    ops: { type: 'string', default: '2000' },
    /** Raw-path transactions per measurement. */
    batches: { type: 'string', default: '60' },
    batch: { type: 'string', default: '50' },
    conversations: { type: 'string', default: '20' },
  },
})
const rounds = Number(values.rounds)
const ops = Number(values.ops)
const batches = Number(values.batches)
const batchSize = Number(values.batch)
const conversationCount = Number(values.conversations)
const log = (line: string) => process.stderr.write(`${line}\n`)

// ---------------------------------------------------------------------------------------------------------
// The two databases

/** `sqlite-pipelined` gets its own database, so that the two compared databases grow at the same pace. */
type Driver = 'better-sqlite' | 'sqlite' | 'sqlite-pipelined'

interface Pool<C> {
  acquireConnection(): Promise<C>
  releaseConnection(connection: C): Promise<unknown> | unknown
}

/** What both ORMs share: the core EntityManager, and a knex whose client is the connection pool. */
interface OrmHandle {
  em: EntityManager
  getConnection(): { execute(sql: string): Promise<unknown[]>; getKnex(): { client: unknown } }
  close(force?: boolean): Promise<void>
}

function handleOf(orm: { em: unknown; close(force?: boolean): Promise<void> }): OrmHandle {
  // Two copies of @mikro-orm/knex are installed (one per driver's peer), so their SqlEntityManager types differ.
  const em = orm.em as EntityManager
  const getConnection = () => em.getConnection() as unknown as ReturnType<OrmHandle['getConnection']>
  return { em, getConnection, close: (force) => orm.close(force) }
}

/** node-sqlite3's `Database` and `Statement`, as far as this file uses them (the package ships no types here). */
type Callback = (this: { lastID?: number; changes?: number }, error: Error | null, rows?: unknown) => void
interface Sqlite3Statement {
  run(params: unknown, callback: Callback): void
  all(params: unknown, callback: Callback): void
  finalize(callback?: () => void): void
}
interface Sqlite3Database {
  exec(sql: string, callback: (error: Error | null) => void): void
  run(sql: string, callback: Callback): void
  prepare(sql: string, callback: (error: Error | null) => void): Sqlite3Statement
  serialize(fn: () => void): void
}

/** The project's pragmas (packages/db/src/orm.ts), on node-sqlite3's callback API. */
function sqlite3Pragmas(conn: Sqlite3Database, done: (error: Error | null, conn: Sqlite3Database) => void) {
  conn.exec(
    'pragma busy_timeout = 5000; pragma journal_mode = WAL; pragma synchronous = NORMAL; pragma foreign_keys = ON;',
    (error) => done(error, conn),
  )
}

async function openBetterSqlite(dbPath: string): Promise<OrmHandle> {
  // The production path itself: config() + migrate().
  return handleOf(await createOrm({ dbPath }))
}

async function openSqlite(dbPath: string): Promise<OrmHandle> {
  // The same configuration as packages/db/src/orm.ts, on @mikro-orm/sqlite's own defineConfig and MikroORM.
  const base = config({ dbPath })
  const orm = await SqliteMikroORM.init(
    defineSqliteConfig({
      dbName: dbPath,
      entities: base.entities as never,
      extensions: [Migrator],
      allowGlobalContext: false,
      debug: false,
      processOnCreateHooksEarly: true,
      pool: { afterCreate: sqlite3Pragmas },
      discovery: { disableDynamicFileAccess: true },
      migrations: base.migrations as never,
    }),
  )
  // As orm.ts's migrate(): foreign keys off around the migration transaction, checked afterwards.
  const connection = orm.em.getConnection()
  await connection.execute('pragma foreign_keys = off')
  try {
    await orm.migrator.up()
    const violations = await connection.execute('pragma foreign_key_check')
    if (violations.length > 0) throw new Error(`${violations.length} broken foreign key reference(s)`)
  } finally {
    await connection.execute('pragma foreign_keys = on')
  }
  return handleOf(orm)
}

async function describe(orm: OrmHandle) {
  const one = async (sql: string) =>
    Object.values(((await orm.getConnection().execute(sql)) as object[])[0] ?? {})[0]
  return {
    sqliteVersion: await one('select sqlite_version()'),
    journalMode: await one('pragma journal_mode'),
    synchronous: await one('pragma synchronous'),
    foreignKeys: await one('pragma foreign_keys'),
    busyTimeout: await one('pragma busy_timeout'),
  }
}

interface Fixture {
  conversationIds: string[]
  contactIds: string[]
}

async function seed(orm: OrmHandle): Promise<Fixture> {
  const em = orm.em.fork()
  const fixture: Fixture = { conversationIds: [], contactIds: [] }
  for (let i = 0; i < conversationCount; i++) {
    const contact = em.create(Contact, { name: `Customer ${i}`, tokenHash: randomUUID() })
    const conversation = em.create(Conversation, { kind: 'support', status: 'open', contact })
    fixture.contactIds.push(contact.id)
    fixture.conversationIds.push(conversation.id)
  }
  await em.flush()
  return fixture
}

// ---------------------------------------------------------------------------------------------------------
// The operations

const body = 'Hello, I have a question about my last invoice: the total does not match the order.'
let sequence = 0
const pick = <T>(list: T[]) => list[sequence++ % list.length]!

async function ormWrite(orm: OrmHandle, fixture: Fixture) {
  const index = sequence++ % fixture.conversationIds.length
  const em = orm.em.fork()
  const conversation = await em.findOneOrFail(Conversation, fixture.conversationIds[index]!)
  const now = new Date()
  const message = em.create(Message, {
    conversation,
    authorKind: 'customer',
    authorAgent: null,
    authorContact: em.getReference(Contact, fixture.contactIds[index]!),
    visibility: 'public',
    kind: 'text',
    body,
    system: null,
    clientId: randomUUID(),
    createdAt: now,
  })
  em.create(Event, {
    type: 'message.created',
    conversationId: conversation.id,
    visibility: 'public',
    payload: { messageId: message.id, body },
    createdAt: now,
  })
  conversation.lastMessageAt = now
  await em.flush()
}

async function ormRead(orm: OrmHandle, fixture: Fixture) {
  const id = pick(fixture.conversationIds)
  const em = orm.em.fork()
  await em.findOne(Conversation, id)
  const messages = await em.find(Message, { conversation: id }, { limit: 50, orderBy: { createdAt: 'desc' } })
  if (messages.length === 0) throw new Error('read found no messages: the fixture was not seeded')
}

/** The hot path's writes, as packages/db/src/message-store.ts runs them. */
const sql = {
  insertMessage: messageStoreSql.insertMessage,
  insertEvent: messageStoreSql.insertEvent,
  touchConversation: messageStoreSql.touchConversation,
}

interface RawMessage {
  id: string
  conversationId: string
  contactId: string
  clientId: string
  at: number
  payload: string
}

function rawBatch(fixture: Fixture): RawMessage[] {
  const at = Date.now()
  return Array.from({ length: batchSize }, () => {
    const index = sequence++ % fixture.conversationIds.length
    const id = randomUUID()
    return {
      id,
      conversationId: fixture.conversationIds[index]!,
      contactId: fixture.contactIds[index]!,
      clientId: randomUUID(),
      at,
      payload: JSON.stringify({ messageId: id, body }),
    }
  })
}

const messageParams = (m: RawMessage) => [
  m.id,
  m.conversationId,
  'customer',
  null,
  m.contactId,
  'public',
  body,
  m.clientId,
  m.at,
]
const eventParams = (m: RawMessage) => ['message.created', m.conversationId, 'public', m.payload, m.at]
const touchParams = (m: RawMessage) => ({
  at: m.at,
  preview: body,
  isPublic: 1,
  author: 'customer',
  id: m.conversationId,
})

interface BetterStatement {
  run(...params: unknown[]): unknown
  all(...params: unknown[]): Array<Record<string, unknown>>
}
interface BetterDatabase {
  prepare(sql: string): BetterStatement
  transaction<T>(fn: () => T): () => T
}

function betterRawPath(orm: OrmHandle) {
  const pool = orm.getConnection().getKnex().client as Pool<BetterDatabase>
  const cache = new WeakMap<BetterDatabase, Record<keyof typeof sql, BetterStatement>>()
  return async (fixture: Fixture) => {
    const batch = rawBatch(fixture)
    const db = await pool.acquireConnection()
    try {
      let s = cache.get(db)
      if (!s) {
        s = {
          insertMessage: db.prepare(sql.insertMessage),
          insertEvent: db.prepare(sql.insertEvent),
          touchConversation: db.prepare(sql.touchConversation),
        }
        cache.set(db, s)
      }
      const statements = s
      const seqs = db.transaction(() =>
        batch.map((m) => {
          statements.insertMessage.run(...messageParams(m))
          const [row] = statements.insertEvent.all(...eventParams(m))
          statements.touchConversation.run(touchParams(m))
          return Number(row?.seq)
        }),
      )()
      if (seqs.length !== batchSize || Number.isNaN(seqs[0]))
        throw new Error('better-sqlite3 batch lost its seqs')
    } finally {
      await pool.releaseConnection(db)
    }
  }
}

/** node-sqlite3 binds named parameters by their full name, prefix included. */
const named = (params: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(params).map(([key, value]) => [`@${key}`, value]))

function call(target: (params: unknown, callback: Callback) => void, params: unknown): Promise<unknown> {
  return new Promise((resolve, reject) =>
    target(params, (error, rows) => (error ? reject(error) : resolve(rows))),
  )
}
const exec = (db: Sqlite3Database, text: string) =>
  new Promise<void>((resolve, reject) => db.run(text, (error) => (error ? reject(error) : resolve())))
function prepare(db: Sqlite3Database, text: string): Promise<Sqlite3Statement> {
  return new Promise((resolve, reject) => {
    const statement = db.prepare(text, (error) => (error ? reject(error) : resolve(statement)))
  })
}

function sqliteRawPath(orm: OrmHandle, pipelined: boolean) {
  const pool = orm.getConnection().getKnex().client as Pool<Sqlite3Database>
  const cache = new WeakMap<Sqlite3Database, Record<keyof typeof sql, Sqlite3Statement>>()
  return async (fixture: Fixture) => {
    const batch = rawBatch(fixture)
    const db = await pool.acquireConnection()
    try {
      let s = cache.get(db)
      if (!s) {
        s = {
          insertMessage: await prepare(db, sql.insertMessage),
          insertEvent: await prepare(db, sql.insertEvent),
          touchConversation: await prepare(db, sql.touchConversation),
        }
        cache.set(db, s)
      }
      const st = s
      const run = (statement: Sqlite3Statement, params: unknown) =>
        call(statement.run.bind(statement), params)
      const all = (statement: Sqlite3Statement, params: unknown) =>
        call(statement.all.bind(statement), params) as Promise<Array<Record<string, unknown>>>
      let seqs: number[]
      if (pipelined) {
        // Everything queued at once, in order; only the outcome is awaited.
        let pending: Promise<unknown>[] = []
        const rows: Promise<Array<Record<string, unknown>>>[] = []
        db.serialize(() => {
          pending.push(exec(db, 'begin'))
          for (const m of batch) {
            pending.push(run(st.insertMessage, messageParams(m)))
            const row = all(st.insertEvent, eventParams(m))
            rows.push(row)
            pending.push(row)
            pending.push(run(st.touchConversation, named(touchParams(m))))
          }
          pending.push(exec(db, 'commit'))
        })
        try {
          await Promise.all(pending)
        } catch (error) {
          await Promise.allSettled(pending)
          await exec(db, 'rollback').catch(() => {})
          throw error
        }
        pending = []
        seqs = (await Promise.all(rows)).map(([row]) => Number(row?.seq))
      } else {
        seqs = []
        await exec(db, 'begin')
        try {
          for (const m of batch) {
            await run(st.insertMessage, messageParams(m))
            const [row] = await all(st.insertEvent, eventParams(m))
            await run(st.touchConversation, named(touchParams(m)))
            seqs.push(Number(row?.seq))
          }
          await exec(db, 'commit')
        } catch (error) {
          await exec(db, 'rollback').catch(() => {})
          throw error
        }
      }
      if (seqs.length !== batchSize || Number.isNaN(seqs[0]))
        throw new Error('node-sqlite3 batch lost its seqs')
    } finally {
      await pool.releaseConnection(db)
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Measuring

interface Sample {
  wallUs: number
  cpuUs: number
  loopUs: number
}

interface Contender {
  name: string
  run: () => Promise<void>
}

interface Scenario {
  name: string
  unit: string
  /** Calls of `run` per measurement, and units per call. */
  calls: number
  unitsPerCall: number
  warmupCalls: number
  contenders: Contender[]
}

async function measure(contender: Contender, calls: number, units: number): Promise<Sample> {
  ;(globalThis as { gc?: () => void }).gc?.()
  const elu = performance.eventLoopUtilization()
  const cpu = process.cpuUsage()
  const start = performance.now()
  for (let i = 0; i < calls; i++) await contender.run()
  const wallMs = performance.now() - start
  const cpuUsed = process.cpuUsage(cpu)
  const loop = performance.eventLoopUtilization(elu)
  return {
    wallUs: (wallMs * 1000) / units,
    cpuUs: (cpuUsed.user + cpuUsed.system) / units,
    loopUs: (loop.utilization * wallMs * 1000) / units,
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
const round1 = (value: number) => Math.round(value * 10) / 10

const dir = mkdtempSync(path.join(tmpdir(), 'parley-driver-compare-'))
const orms: Partial<Record<Driver, OrmHandle>> = {}
try {
  orms['better-sqlite'] = await openBetterSqlite(path.join(dir, 'better-sqlite.sqlite'))
  orms.sqlite = await openSqlite(path.join(dir, 'sqlite.sqlite'))
  orms['sqlite-pipelined'] = await openSqlite(path.join(dir, 'sqlite-pipelined.sqlite'))
  const better = orms['better-sqlite']
  const sqlite = orms.sqlite
  const pipelined = orms['sqlite-pipelined']
  const setup = { 'better-sqlite': await describe(better), sqlite: await describe(sqlite) }
  log(`databases in ${dir}: ${JSON.stringify(setup)}`)
  const fixtures = {
    'better-sqlite': await seed(better),
    sqlite: await seed(sqlite),
    'sqlite-pipelined': await seed(pipelined),
  }

  const scenarios: Scenario[] = [
    {
      name: 'orm-write',
      unit: 'op',
      calls: ops,
      unitsPerCall: 1,
      warmupCalls: 500,
      contenders: [
        { name: 'better-sqlite', run: () => ormWrite(better, fixtures['better-sqlite']) },
        { name: 'sqlite', run: () => ormWrite(sqlite, fixtures.sqlite) },
      ],
    },
    {
      name: 'raw-batch',
      unit: 'message',
      calls: batches,
      unitsPerCall: batchSize,
      warmupCalls: 20,
      contenders: [
        { name: 'better-sqlite', run: betterRawPath(better).bind(null, fixtures['better-sqlite']) },
        { name: 'sqlite', run: sqliteRawPath(sqlite, false).bind(null, fixtures.sqlite) },
        {
          name: 'sqlite-pipelined',
          run: sqliteRawPath(pipelined, true).bind(null, fixtures['sqlite-pipelined']),
        },
      ],
    },
    {
      // After the writes, so every conversation has well over 50 messages to read.
      name: 'orm-read',
      unit: 'op',
      calls: ops,
      unitsPerCall: 1,
      warmupCalls: 500,
      contenders: [
        { name: 'better-sqlite', run: () => ormRead(better, fixtures['better-sqlite']) },
        { name: 'sqlite', run: () => ormRead(sqlite, fixtures.sqlite) },
      ],
    },
  ]

  for (const scenario of scenarios) {
    for (const contender of scenario.contenders) {
      for (let i = 0; i < scenario.warmupCalls; i++) await contender.run()
    }
  }
  log(`warmed up; ${rounds} rounds of ${ops} ORM ops and ${batches}×${batchSize} raw messages per driver`)

  const samples = new Map<string, Sample[]>()
  const machine = machineMeter()
  for (let r = 0; r < rounds; r++) {
    for (const scenario of scenarios) {
      const order = r % 2 === 0 ? scenario.contenders : [...scenario.contenders].reverse()
      for (const contender of order) {
        const sample = await measure(contender, scenario.calls, scenario.calls * scenario.unitsPerCall)
        const key = `${scenario.name} ${contender.name}`
        samples.set(key, [...(samples.get(key) ?? []), sample])
        log(`round ${r + 1}/${rounds} ${key}: ${round1(sample.wallUs)} µs/${scenario.unit} wall`)
      }
    }
  }

  // -------------------------------------------------------------------------------------------------------
  // Report

  const figures: Record<string, Record<string, unknown>> = {}
  const rows: string[][] = [
    ['scenario', 'driver', 'unit', 'wall µs (min–max)', 'cpu µs (min–max)', 'loop µs', 'wall ×', 'cpu ×'],
  ]
  for (const scenario of scenarios) {
    const stats = (name: string) => {
      const list = samples.get(`${scenario.name} ${name}`)!
      const of = (key: keyof Sample) => {
        const values = list.map((sample) => sample[key])
        return {
          median: round1(median(values)),
          min: round1(Math.min(...values)),
          max: round1(Math.max(...values)),
        }
      }
      return { wallUs: of('wallUs'), cpuUs: of('cpuUs'), loopUs: of('loopUs') }
    }
    const baseline = stats('better-sqlite')
    figures[scenario.name] = { unit: scenario.unit }
    for (const contender of scenario.contenders) {
      const s = stats(contender.name)
      const ratio = {
        wall: Math.round((s.wallUs.median / baseline.wallUs.median) * 100) / 100,
        cpu: Math.round((s.cpuUs.median / baseline.cpuUs.median) * 100) / 100,
      }
      figures[scenario.name]![contender.name] = {
        ...s,
        ...(contender.name === 'better-sqlite' ? {} : { ratio }),
      }
      rows.push([
        scenario.name,
        contender.name,
        scenario.unit,
        `${s.wallUs.median} (${s.wallUs.min}–${s.wallUs.max})`,
        `${s.cpuUs.median} (${s.cpuUs.min}–${s.cpuUs.max})`,
        `${s.loopUs.median}`,
        contender.name === 'better-sqlite' ? '1' : `${ratio.wall}`,
        contender.name === 'better-sqlite' ? '1' : `${ratio.cpu}`,
      ])
    }
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)))
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '))
  console.log(
    JSON.stringify({
      node: process.version,
      rounds,
      opsPerMeasurement: ops,
      rawMessagesPerMeasurement: batches * batchSize,
      machine: machine(),
      batchSize,
      setup,
      figures,
      ratios: 'sqlite / better-sqlite, of the medians',
    }),
  )
} finally {
  for (const orm of Object.values(orms)) await orm?.close(true)
  rmSync(dir, { recursive: true, force: true })
}
