/**
 * The inbox list and its search at scale, straight on the read model (no server, no sockets): a fresh
 * database migrated with the real migrations, seeded in bulk, then every section listed and every kind of
 * search timed. Prints figures only; a slow result is reported, never a failure.
 *
 *   pnpm --filter @parley/bench search [-- --database sqlite|postgres --conversations 100000 --messages 1000000]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { createOrm, type MikroORM } from '@parley/db'
import { DEFAULT_POSTGRES_URL, freshPostgresDatabase, postgresProblem } from '@parley/test-services'
import { measureInbox } from './inbox-queries.ts'
import { seedInbox } from './inbox-seed.ts'
import { numberOption } from './options.ts'

/** What an agent should never wait longer for, at the 95th percentile. */
const TARGET_P95_MS = 50

const usage = `Usage: pnpm --filter @parley/bench search [-- options]

  --database sqlite|postgres  sqlite: a file in a temporary directory; postgres: a fresh database
                        on --postgres-url's server, dropped at the end   env BENCH_DATABASE
  --postgres-url URL    (${DEFAULT_POSTGRES_URL})  env BENCH_POSTGRES_URL
  --conversations N     conversations to seed (100000)
  --messages N          messages to seed, spread over them (1000000)
  --iterations N        timed calls per query kind (50)
`

function options(argv: string[], env: NodeJS.ProcessEnv) {
  const { values } = parseArgs({
    // pnpm forwards a literal `--` when called as `pnpm search -- --database postgres`.
    args: argv.filter((arg) => arg !== '--'),
    options: {
      database: { type: 'string' },
      'postgres-url': { type: 'string' },
      conversations: { type: 'string' },
      messages: { type: 'string' },
      iterations: { type: 'string' },
      help: { type: 'boolean' },
    },
  })
  if (values.help) {
    process.stdout.write(usage)
    process.exit(0)
  }
  const database = values.database ?? env.BENCH_DATABASE ?? 'sqlite'
  if (database !== 'sqlite' && database !== 'postgres')
    throw new Error(`--database must be sqlite or postgres, got "${database}"\n\n${usage}`)
  const conversations = numberOption('conversations', values.conversations, 100_000, 1, 10_000_000, usage)
  return {
    database,
    postgresUrl: values['postgres-url'] ?? env.BENCH_POSTGRES_URL ?? DEFAULT_POSTGRES_URL,
    conversations,
    messages: numberOption('messages', values.messages, 1_000_000, conversations, 100_000_000, usage),
    iterations: numberOption('iterations', values.iterations, 50, 1, 100_000, usage),
  } as const
}

const log = (line: string) => process.stderr.write(`${line}\n`)

async function main() {
  let opts: ReturnType<typeof options>
  try {
    opts = options(process.argv.slice(2), process.env)
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : error}\n`)
    process.exit(2)
  }
  const cleanups: Array<() => Promise<unknown>> = []
  const cleanup = async () => {
    for (const step of cleanups.splice(0).reverse()) await step()
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: removing the database`)
      void cleanup().finally(() => process.exit(130))
    })
  }
  try {
    let orm: MikroORM
    if (opts.database === 'postgres') {
      const problem = await postgresProblem(opts.postgresUrl)
      if (problem) throw new Error(`--database postgres: ${problem} (see --postgres-url)`)
      const database = await freshPostgresDatabase(opts.postgresUrl, 'parley_search_bench')
      cleanups.push(() => database.drop())
      orm = await createOrm({ databaseUrl: database.url })
    } else {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-search-bench-'))
      cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }))
      orm = await createOrm({ dataDir })
    }
    cleanups.push(() => orm.close(true))

    log(`seeding ${opts.conversations} conversations, ${opts.messages} messages on ${opts.database}…`)
    const seedStarted = performance.now()
    const seeded = await seedInbox(orm, opts)
    const seedS = (performance.now() - seedStarted) / 1000
    log(`measuring, ${opts.iterations} calls per query…`)
    const timings = await measureInbox(orm, seeded, opts.iterations)

    const out = (line: string) => process.stdout.write(`${line}\n`)
    out(`database ${opts.database}, ${opts.conversations} conversations, ${opts.messages} messages`)
    out(`seeded in ${seedS.toFixed(1)} s`)
    out(
      `${'query'.padEnd(40)} ${'rows'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}`,
    )
    for (const { name, rows, ms } of timings) {
      out(
        `${name.padEnd(40)} ${String(rows).padStart(5)} ${ms.p50.toFixed(1).padStart(8)} ${ms.p95.toFixed(1).padStart(8)} ${ms.max.toFixed(1).padStart(8)}`,
      )
    }
    const slow = timings.filter((timing) => timing.ms.p95 >= TARGET_P95_MS)
    out(
      slow.length === 0
        ? `p95 under ${TARGET_P95_MS} ms for every query: yes`
        : `p95 under ${TARGET_P95_MS} ms for every query: no (${slow.map((timing) => timing.name).join('; ')})`,
    )
  } finally {
    await cleanup()
  }
}

await main()
