/**
 * Load test for the live path: N customers and M agents on real WebSockets, customers sending at a
 * fixed open-loop rate, latency measured from issuing `customer.send` to the message arriving on an
 * agent's `conversation.onInbox`. Prints figures only; it never fails on a slow result.
 *
 *   pnpm bench -- --customers 1000 --agents 5 --rate 1000 --duration 10
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { assignConversations, connectWorld } from './clients.ts'
import { createHttpAgent } from './http-fetch.ts'
import { type RunResult, runLoad } from './load-run.ts'
import { parseOptions } from './options.ts'
import { summarise } from './profile-summary.ts'
import { externalServer, type ServerHandle, startServerProcess } from './server-process.ts'

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
  const server = result.server
    ? ` | server ${result.server.cpuCores} cores, event loop ${
        result.server.eventLoopUtilization === null
          ? 'too busy to answer the probe'
          : `${Math.round(result.server.eventLoopUtilization * 100)}% busy`
      }`
    : ''
  const others =
    result.machine.otherCores === null ? '' : `, other processes ${result.machine.otherCores} cores`
  const cost = result.serverCpuMsPerSend === null ? '' : `, ${result.serverCpuMsPerSend} ms server CPU/send`
  const unsettled = result.settled ? '' : ' [server still busy with this phase when the next began]'
  return `${result.targetRate}/s: sent ${result.sent}, delivered ${result.delivered}, errors ${result.errors}, achieved ${result.achievedRate}/s, p50 ${p50} p99 ${p99} max ${max} ms${server}${cost}${others}${unsettled}`
}

async function main() {
  const options = parseOptions(process.argv.slice(2), process.env)
  let server: ServerHandle
  if (options.serverUrl) {
    server = externalServer(options.serverUrl)
  } else {
    server = await startServerProcess({
      adminEmail: options.adminEmail,
      adminPassword: options.adminPassword,
    })
  }
  log(`server at ${server.url} (${options.serverUrl ? 'external' : 'child process'})`)
  const httpAgent = createHttpAgent(options.customers + options.agents)

  try {
    const world = await connectWorld({
      baseUrl: server.url,
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
      await server.stopProfile(file)
      log(
        `server CPU profile of the fixed-rate phase:\n${summarise(file, { packages: 12, functions: 12, parley: 0 })}`,
      )
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
  } finally {
    httpAgent.destroy()
    await server.stop()
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
