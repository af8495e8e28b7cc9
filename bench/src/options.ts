import { parseArgs } from 'node:util'
import { DEFAULT_POSTGRES_URL, DEFAULT_REDIS_URL } from '@parley/test-services'

export type Transport = 'http' | 'ws'
export type Database = 'sqlite' | 'postgres'

export interface BenchOptions {
  customers: number
  agents: number
  /** Messages per second in the fixed-rate phase. */
  rate: number
  durationS: number
  /** Seconds of unmeasured load before the fixed-rate phase, so the server's JIT is warm. */
  warmupS: number
  /** How sends travel: `http` is what the chat app does (httpBatchLink); `ws` reuses the customer's socket. */
  transport: Transport
  /** Share of sends (0–1) that are agent replies instead of customer messages. */
  replyShare: number
  /** Agents refetch their inbox list and title count on live events, as the inbox app does. */
  inboxRefetch: boolean
  /** Rates tried one after another in the max-throughput phase; empty skips it. */
  steps: number[]
  stepDurationS: number
  /** A step is no longer "sustained" once p99 goes past this. */
  maxP99Ms: number
  /** How long to wait after the last send for stragglers before counting them lost. */
  drainS: number
  /** The fixed-rate phase stops issuing once a message has waited this long (an overload would only grow). */
  giveUpAfterMs: number
  setupConcurrency: number
  /** `sqlite`: a fresh DATA_DIR; `postgres`: a fresh database on `postgresUrl`'s server, dropped at the end. */
  database: Database
  /** Where to create the run's database (any database of the server the bench may create databases on). */
  postgresUrl: string
  /** Server processes on the one database, joined by Redis (more than one needs `postgres`). */
  instances: number
  /** The bus between the instances; only used when `instances` > 1. */
  redisUrl: string
  /** Benchmark an already running server instead of starting one (needs ADMIN_EMAIL/ADMIN_PASSWORD). */
  serverUrl: string | null
  /** Directory for a CPU profile of the server during the fixed-rate phase. */
  serverCpuProf: string | null
  adminEmail: string
  adminPassword: string
}

const usage = `Usage: pnpm bench [-- options]

  --customers N         connected customers (1000)       env BENCH_CUSTOMERS
  --agents M            connected agents (5)             env BENCH_AGENTS
  --rate R              messages/s, fixed-rate phase (1000)  env BENCH_RATE
  --duration S          seconds of the fixed-rate phase (10) env BENCH_DURATION
  --warmup S            unmeasured seconds before it (3)
  --transport http|ws   how sends travel (ws, as the apps send)
  --reply-share F       share of sends that are agent replies, 0..1 (0)
  --inbox-refetch       agents refetch the title count on live events, as the inbox app does
  --steps A,B,C         max-throughput rates (500,1000,2000,3000); "" skips the phase
  --step-duration S     seconds per step (10)
  --max-p99 MS          p99 beyond which a step is not sustained (1000)
  --drain S             wait for stragglers after the last send (5)
  --give-up-after MS    stop the fixed-rate phase once a message waited this long (3000)
  --setup-concurrency N parallel calls while creating customers (32)
  --database sqlite|postgres  the server's database (sqlite): postgres creates a fresh database
                        for the run and drops it at the end      env BENCH_DATABASE
  --postgres-url URL    PostgreSQL server to create it on (${DEFAULT_POSTGRES_URL})
                        env BENCH_POSTGRES_URL
  --instances N         server processes on one database, joined by Redis (1); more than one
                        needs --database postgres                env BENCH_INSTANCES
  --redis-url URL       Redis between the instances (${DEFAULT_REDIS_URL})  env BENCH_REDIS_URL
  --server-url URL      use a running server instead of starting one
  --server-cpu-prof DIR CPU-profile the server during the fixed-rate phase into DIR
`

/** A numeric option within bounds; `help` is the usage text a wrong value is answered with. */
export function numberOption(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
  help = usage,
) {
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`--${name} must be a number between ${min} and ${max}, got "${raw}"\n\n${help}`)
  }
  return value
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    // pnpm forwards a literal `--` when called as `pnpm bench -- --rate 2000`.
    args: argv.filter((arg) => arg !== '--'),
    options: {
      customers: { type: 'string' },
      agents: { type: 'string' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      transport: { type: 'string' },
      'reply-share': { type: 'string' },
      'inbox-refetch': { type: 'boolean' },
      steps: { type: 'string' },
      'step-duration': { type: 'string' },
      'max-p99': { type: 'string' },
      drain: { type: 'string' },
      'give-up-after': { type: 'string' },
      'setup-concurrency': { type: 'string' },
      database: { type: 'string' },
      'postgres-url': { type: 'string' },
      instances: { type: 'string' },
      'redis-url': { type: 'string' },
      'server-url': { type: 'string' },
      'server-cpu-prof': { type: 'string' },
      help: { type: 'boolean' },
    },
  })
  if (values.help) {
    process.stdout.write(usage)
    process.exit(0)
  }
  const transport = values.transport ?? env.BENCH_TRANSPORT ?? 'ws'
  if (transport !== 'http' && transport !== 'ws')
    throw new Error(`--transport must be http or ws\n\n${usage}`)
  const database = values.database ?? env.BENCH_DATABASE ?? 'sqlite'
  if (database !== 'sqlite' && database !== 'postgres')
    throw new Error(`--database must be sqlite or postgres, got "${database}"\n\n${usage}`)
  const instances = numberOption('instances', values.instances ?? env.BENCH_INSTANCES, 1, 1, 64)
  if (!Number.isInteger(instances)) throw new Error(`--instances must be a whole number\n\n${usage}`)
  if (instances > 1 && database !== 'postgres') {
    throw new Error(
      `--instances ${instances} needs --database postgres: several server processes share one database, ` +
        'and SQLite belongs to one process.',
    )
  }
  const serverUrl = values['server-url'] ?? env.BENCH_SERVER_URL ?? null
  if (serverUrl && (database !== 'sqlite' || instances > 1)) {
    throw new Error(
      '--server-url benchmarks a server that is already running: --database and --instances only apply ' +
        'to the servers the bench starts itself.',
    )
  }
  const steps = (values.steps ?? env.BENCH_STEPS ?? '500,1000,2000,3000')
    .split(',')
    .filter((step) => step.trim() !== '')
    .map((step) => numberOption('steps', step.trim(), 0, 1, 1_000_000))
  return {
    customers: numberOption('customers', values.customers ?? env.BENCH_CUSTOMERS, 1000, 1, 100_000),
    agents: numberOption('agents', values.agents ?? env.BENCH_AGENTS, 5, 1, 1000),
    rate: numberOption('rate', values.rate ?? env.BENCH_RATE, 1000, 1, 1_000_000),
    durationS: numberOption('duration', values.duration ?? env.BENCH_DURATION, 10, 1, 3600),
    warmupS: numberOption('warmup', values.warmup, 3, 0, 600),
    transport,
    replyShare: numberOption('reply-share', values['reply-share'], 0, 0, 1),
    inboxRefetch: values['inbox-refetch'] ?? false,
    steps,
    stepDurationS: numberOption('step-duration', values['step-duration'], 10, 1, 3600),
    maxP99Ms: numberOption('max-p99', values['max-p99'], 1000, 1, 600_000),
    drainS: numberOption('drain', values.drain, 5, 0, 600),
    giveUpAfterMs: numberOption('give-up-after', values['give-up-after'], 3000, 1, 3_600_000),
    setupConcurrency: numberOption('setup-concurrency', values['setup-concurrency'], 32, 1, 10_000),
    database,
    postgresUrl: values['postgres-url'] ?? env.BENCH_POSTGRES_URL ?? DEFAULT_POSTGRES_URL,
    instances,
    redisUrl: values['redis-url'] ?? env.BENCH_REDIS_URL ?? DEFAULT_REDIS_URL,
    serverUrl,
    serverCpuProf: values['server-cpu-prof'] ?? null,
    adminEmail: env.ADMIN_EMAIL ?? 'bench-admin@example.com',
    adminPassword: env.ADMIN_PASSWORD ?? 'bench-password-123',
  }
}
