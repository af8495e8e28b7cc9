/**
 * Load test for the live path: N customers and M agents on real WebSockets, customers sending at a
 * fixed open-loop rate, latency measured from issuing `customer.send` to the message arriving on an
 * agent's `conversation.onInbox`. Prints figures only; it never fails on a slow result.
 *
 *   pnpm bench -- --customers 1000 --agents 5 --rate 1000 --duration 10
 *   pnpm bench -- --database postgres --instances 2
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { freshPostgresDatabase, postgresProblem, redisProblem } from '@parley/test-services'
import { assignConversations, connectWorld } from './clients.ts'
import { createHttpAgent } from './http-fetch.ts'
import { type RunResult, runLoad } from './load-run.ts'
import { type BenchOptions, parseOptions } from './options.ts'
import { summarise } from './profile-summary.ts'
import { externalServer, type ServerHandle, startServers } from './server-process.ts'

/** Longest wait for an overloaded server to finish its backlog before the next phase starts. */
const SETTLE_S = 60
const MIN_STEP_RATE = 25
const BISECT_ROUNDS = 2
const WARMUP_MAX_RATE = 100

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`)

interface Step {
  rate: number
  sustained: boolean
  why: string | null
  result: RunResult
}

/** A rate is sustained when every message arrived, nothing failed, p99 stayed bounded and deliveries kept up. */
function judge(result: RunResult, maxP99Ms: number): string | null {
  if (result.aborted) return result.aborted
  if (result.errors > 0) return `${result.errors} errors`
  if (result.lost > 0) return `${result.lost} not delivered within the drain window`
  if (result.latencyMs.p99 > maxP99Ms) return `p99 ${result.latencyMs.p99} ms > ${maxP99Ms} ms`
  if (result.achievedRate < result.targetRate * 0.95) return `delivered only ${result.achievedRate}/s`
  return null
}

function summary(result: RunResult): string {
  const { p50, p99, max } = result.latencyMs
  const loop = (utilization: number | null) =>
    utilization === null ? 'too busy to answer the probe' : `${Math.round(utilization * 100)}% busy`
  const instances = result.server?.instances ?? []
  const server = !result.server
    ? ''
    : instances.length > 1
      ? ` | servers ${result.server.cpuCores} cores (${instances
          .map(
            (instance) =>
              `#${instance.instance} ${instance.cpuCores} cores, event loop ${loop(instance.eventLoopUtilization)}`,
          )
          .join('; ')})`
      : ` | server ${result.server.cpuCores} cores, event loop ${loop(result.server.eventLoopUtilization)}`
  const cross = result.crossInstanceLatencyMs
    ? `, to another instance's agent p50 ${result.crossInstanceLatencyMs.p50} p99 ${result.crossInstanceLatencyMs.p99} ms`
    : ''
  const others =
    result.machine.otherCores === null ? '' : `, other processes ${result.machine.otherCores} cores`
  const cost = result.serverCpuMsPerSend === null ? '' : `, ${result.serverCpuMsPerSend} ms server CPU/send`
  const unsettled = result.settled ? '' : ' [server still busy with this phase when the next began]'
  return `${result.targetRate}/s: sent ${result.sent}, delivered ${result.delivered}, errors ${result.errors}, achieved ${result.achievedRate}/s, p50 ${p50} p99 ${p99} max ${max} ms${cross}${server}${cost}${others}${unsettled}`
}

let interrupted = false

/** Stops the servers and drops the run's database once, whether the run ends, fails or is interrupted. */
function cleanupOnce(steps: Array<() => Promise<unknown>>) {
  let running: Promise<void> | null = null
  return () => {
    running ??= (async () => {
      // Latest first: the servers hold connections to the database.
      for (const step of steps.reverse()) {
        await step().catch((error: unknown) =>
          log(`cleanup: ${error instanceof Error ? error.message : error}`),
        )
      }
    })()
    return running
  }
}

async function main() {
  let options: BenchOptions
  try {
    options = parseOptions(process.argv.slice(2), process.env)
  } catch (error) {
    // A wrong option: the message says what to change, a stack trace would only bury it.
    process.stderr.write(`${error instanceof Error ? error.message : error}\n`)
    process.exit(2)
  }
  const cleanupSteps: Array<() => Promise<unknown>> = []
  const cleanup = cleanupOnce(cleanupSteps)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true
      log(
        `${signal}: stopping the servers${options.database === 'postgres' ? ' and dropping the database' : ''}`,
      )
      void cleanup().finally(() => process.exit(130))
    })
  }

  try {
    await run(options, cleanupSteps)
  } finally {
    await cleanup()
  }
}

async function run(options: BenchOptions, cleanupSteps: Array<() => Promise<unknown>>) {
  let server: ServerHandle
  let databaseName: string | null = null
  if (options.serverUrl) {
    server = externalServer(options.serverUrl)
  } else {
    let databaseUrl: string | null = null
    if (options.database === 'postgres') {
      const problem = await postgresProblem(options.postgresUrl)
      if (problem) throw new Error(`--database postgres: ${problem} (see --postgres-url)`)
      const database = await freshPostgresDatabase(options.postgresUrl, 'parley_bench')
      cleanupSteps.push(async () => {
        await database.drop()
        log(`dropped database ${database.name}`)
      })
      databaseUrl = database.url
      databaseName = database.name
      log(`created database ${database.name}`)
    }
    const redisUrl = options.instances > 1 ? options.redisUrl : null
    if (redisUrl) {
      const problem = await redisProblem(redisUrl)
      if (problem) throw new Error(`--instances ${options.instances}: ${problem} (see --redis-url)`)
    }
    server = await startServers({
      instances: options.instances,
      adminEmail: options.adminEmail,
      adminPassword: options.adminPassword,
      databaseUrl,
      redisUrl,
    })
    cleanupSteps.push(() => server.stop())
  }
  const where = options.serverUrl
    ? 'external'
    : `${options.instances > 1 ? `${options.instances} child processes, Redis between them` : 'child process'}, ${
        databaseName ? `PostgreSQL database ${databaseName}` : 'SQLite'
      }`
  log(`server at ${server.urls.join(', ')} (${where})`)
  const httpAgent = createHttpAgent(options.customers + options.agents)
  cleanupSteps.push(async () => httpAgent.destroy())

  const world = await connectWorld({
    baseUrls: server.urls,
    httpAgent,
    customers: options.customers,
    agents: options.agents,
    adminEmail: options.adminEmail,
    adminPassword: options.adminPassword,
    transport: options.transport,
    setupConcurrency: options.setupConcurrency,
    inboxRefetch: options.inboxRefetch,
    log,
  })
  const replyShare = options.replyShare
  if (replyShare > 0) {
    await assignConversations(world, options.setupConcurrency)
    log('assigned every conversation to an agent so agents may reply')
  }

  if (options.warmupS > 0) {
    // Enough calls to warm the server's JIT, at a rate low enough not to leave a backlog behind.
    const warmupRate = Math.min(options.rate, WARMUP_MAX_RATE)
    log(`warm-up: ${warmupRate}/s for ${options.warmupS} s (not measured)`)
    await runLoad(world, server, {
      rate: warmupRate,
      durationS: options.warmupS,
      replyShare,
      drainS: 0,
      settleS: SETTLE_S,
      log,
    })
  }

  log(`fixed rate: ${options.rate}/s for ${options.durationS} s over ${options.transport}`)
  if (options.serverCpuProf) await server.startProfile()
  const fixed = await runLoad(world, server, {
    rate: options.rate,
    durationS: options.durationS,
    replyShare,
    drainS: options.drainS,
    abortAfterMs: options.giveUpAfterMs,
    settleS: SETTLE_S,
    log,
  })
  log(summary(fixed))
  if (options.serverCpuProf) {
    mkdirSync(options.serverCpuProf, { recursive: true })
    const file = path.join(
      options.serverCpuProf,
      `server-fixed-${options.rate}-${options.transport}.cpuprofile`,
    )
    for (const written of await server.stopProfile(file)) {
      log(
        `server CPU profile of the fixed-rate phase (${path.basename(written)}):\n${summarise(written, { packages: 12, functions: 12, parley: 0 })}`,
      )
    }
  }

  const steps: Step[] = []
  const tryRate = async (rate: number) => {
    log(`max throughput: ${rate}/s for ${options.stepDurationS} s`)
    const result = await runLoad(world, server, {
      rate,
      durationS: options.stepDurationS,
      replyShare,
      drainS: options.drainS,
      abortAfterMs: options.maxP99Ms * 2,
      settleS: SETTLE_S,
      log,
    })
    const why = judge(result, options.maxP99Ms)
    steps.push({ rate, sustained: why === null, why, result })
    log(`${summary(result)}${why ? ` → not sustained: ${why}` : ' → sustained'}`)
    return why === null
  }
  for (const rate of options.steps) {
    if (!(await tryRate(rate))) break
  }
  // Below the first step: halve until a rate holds, so the report names a figure rather than "none".
  let lower = options.steps[0] ?? 0
  while (steps.length > 0 && steps.every((step) => !step.sustained) && lower > MIN_STEP_RATE) {
    lower = Math.max(MIN_STEP_RATE, Math.round(lower / 2))
    if (await tryRate(lower)) break
  }
  // Then narrow the gap between the best rate that held and the lowest that did not.
  for (let round = 0; round < BISECT_ROUNDS; round++) {
    const held = Math.max(0, ...steps.filter((step) => step.sustained).map((step) => step.rate))
    const failed = Math.min(...steps.filter((step) => !step.sustained).map((step) => step.rate))
    if (held === 0 || !Number.isFinite(failed) || failed / held <= 1.25) break
    await tryRate(Math.round((held + failed) / 2))
  }
  const sustained = steps.filter((step) => step.sustained).map((step) => step.rate)

  await world.close()
  process.stdout.write(
    `${JSON.stringify(
      {
        customers: options.customers,
        agents: options.agents,
        database: options.serverUrl ? null : options.database,
        instances: options.serverUrl ? null : options.instances,
        ...fixed,
        transport: options.transport,
        replyShare,
        maxThroughput: {
          criteria: `p99 <= ${options.maxP99Ms} ms, no errors, nothing lost after ${options.drainS} s drain, delivered >= 95% of the target rate`,
          maxSustainedRate: sustained.length ? Math.max(...sustained) : null,
          steps: steps.map(({ rate, sustained, why, result }) => ({
            rate,
            sustained,
            why,
            sent: result.sent,
            delivered: result.delivered,
            errors: result.errors,
            errorKinds: result.errorKinds,
            achievedRate: result.achievedRate,
            aborted: result.aborted,
            latencyMs: result.latencyMs,
            crossInstanceLatencyMs: result.crossInstanceLatencyMs,
            ackLatencyMs: result.ackLatencyMs,
            server: result.server,
            serverCpuMsPerSend: result.serverCpuMsPerSend,
            settled: result.settled,
            generator: result.generator,
            machine: result.machine,
          })),
        },
      },
      null,
      2,
    )}\n`,
  )
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    // An interrupted run fails on its closed sockets; the signal handler exits once it has cleaned up.
    if (interrupted) return
    console.error(error)
    process.exit(1)
  },
)
