/**
 * The server's cost of one `customer.send` without any transport: the api router is called in-process
 * (createCaller) against a real SQLite database, so what is left is procedure + ORM + SQLite. Counts the
 * SQL statements each send runs. Complements the socket benchmark when it says "the server is the
 * bottleneck": this says how much of a core one message costs and where.
 *
 *   pnpm --filter @parley/bench send-path [-- --sends 3000 --concurrency 1]
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { appRouter, createCallerFactory, createContext } from '@parley/api'
import { loadConfig, startServer } from '@parley/server'
import { percentiles } from './stats.ts'

interface KnexLike {
  on(event: 'query', listener: (query: { sql: string }) => void): void
}

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    sends: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '1' },
    customers: { type: 'string', default: '200' },
    /** Turns SQLite's automatic WAL checkpoint off, to see how much of the tail latency it causes. */
    'no-autocheckpoint': { type: 'boolean', default: false },
  },
})
const sends = Number(values.sends)
const concurrency = Number(values.concurrency)
const customerCount = Number(values.customers)

const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-send-path-'))
const server = await startServer(loadConfig({ PORT: '0', DATA_DIR: dataDir }))
const createCaller = createCallerFactory(appRouter)
const callerFor = (visitorToken: string | null) =>
  createCaller(
    createContext(server.deps, { headers: {} }, { connectionParams: visitorToken ? { visitorToken } : null }),
  )

try {
  const customers: Array<{ caller: ReturnType<typeof callerFor>; conversationId: string }> = []
  for (let i = 0; i < customerCount; i++) {
    const { token } = await callerFor(null).customer.start({ name: `Customer ${i}` })
    const caller = callerFor(token)
    const { conversation } = await caller.customer.startConversation({
      clientId: randomUUID(),
      body: 'Hello',
    })
    customers.push({ caller, conversationId: conversation.id })
  }

  const statements = new Map<string, number>()
  let counting = false
  const knex = (server.deps.orm.em.getConnection() as unknown as { getKnex(): KnexLike }).getKnex()
  knex.on('query', ({ sql }) => {
    if (!counting) return
    const kind = sql.trim().split(/\s+/).slice(0, 3).join(' ').replace(/`/g, '')
    statements.set(kind, (statements.get(kind) ?? 0) + 1)
  })

  // Timing counters around the EntityManager's entry points. Only meaningful at concurrency 1, where
  // calls do not overlap; nested calls (findOne inside flush…) count once, to the outermost.
  const orm = new Map<string, { calls: number; ms: number }>()
  let depth = 0
  const managerPrototype = Object.getPrototypeOf(Object.getPrototypeOf(server.deps.orm.em)) as Record<
    string,
    (...args: unknown[]) => Promise<unknown>
  >
  for (const name of ['findOne', 'find', 'flush', 'count', 'upsert']) {
    const original = managerPrototype[name]
    if (!original) continue
    managerPrototype[name] = async function (this: unknown, ...args: unknown[]) {
      if (!counting || depth > 0 || concurrency !== 1) return original.apply(this, args)
      depth++
      const at = performance.now()
      try {
        return await original.apply(this, args)
      } finally {
        depth--
        const entry = orm.get(name) ?? { calls: 0, ms: 0 }
        entry.calls++
        entry.ms += performance.now() - at
        orm.set(name, entry)
      }
    }
  }

  const send = (k: number) => {
    const customer = customers[k % customers.length]!
    return customer.caller.customer.send({
      conversationId: customer.conversationId,
      clientId: randomUUID(),
      body: `Message number ${k}, with a little **markdown** in it.`,
    })
  }
  if (values['no-autocheckpoint'])
    await server.deps.orm.em.getConnection().execute('pragma wal_autocheckpoint = 0')
  // Warm the JIT so the figures describe steady state.
  for (let k = 0; k < 500; k++) await send(k)

  counting = true
  const latencies: number[] = []
  const cpu = process.cpuUsage()
  const started = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < sends) {
        const k = next++
        const at = performance.now()
        await send(k)
        latencies.push(performance.now() - at)
      }
    }),
  )
  const wallMs = performance.now() - started
  const used = process.cpuUsage(cpu)
  counting = false

  const perSend = (count: number) => Math.round((count / sends) * 100) / 100
  console.log(
    JSON.stringify(
      {
        sends,
        concurrency,
        throughputPerS: Math.round(sends / (wallMs / 1000)),
        wallMsPerSend: Math.round((wallMs / sends) * 1000) / 1000,
        cpuMsPerSend: Math.round(((used.user + used.system) / 1000 / sends) * 1000) / 1000,
        latencyMs: percentiles(latencies),
        ...(concurrency === 1
          ? {
              entityManagerMsPerSend: Object.fromEntries(
                [...orm].map(([name, { calls, ms }]) => [
                  name,
                  { calls: perSend(calls), ms: Math.round((ms / sends) * 1000) / 1000 },
                ]),
              ),
            }
          : {}),
        sqlStatementsPerSend: Object.fromEntries(
          [...statements].sort((a, b) => b[1] - a[1]).map(([kind, count]) => [kind, perSend(count)]),
        ),
      },
      null,
      2,
    ),
  )
} finally {
  await server.close()
  rmSync(dataDir, { recursive: true, force: true })
}
