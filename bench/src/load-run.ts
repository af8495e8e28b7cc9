import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { World } from './clients.ts'
import { type MachineUsage, machineMeter } from './machine.ts'
import type { ProcessSample, ServerHandle, ServerSample } from './server-process.ts'
import { countBy, type Percentiles, percentiles } from './stats.ts'

export interface DirectionResult {
  sent: number
  delivered: number
  lost: number
  latencyMs: Percentiles
}

/** One server instance's figures in a phase. */
export interface InstanceFigures extends ProcessSample {
  instance: number
  /** This instance's CPU time per answered send of the whole phase; the instances' figures add up to `serverCpuMsPerSend`. */
  cpuMsPerSend: number | null
}

export interface RunResult {
  targetRate: number
  durationS: number
  sent: number
  /** Sends whose message reached its audience (an agent inbox, or the customer for a reply) before the drain ended. */
  delivered: number
  /** sent − delivered: not delivered within the drain window, including sends the server refused (see errors). */
  lost: number
  /** Of the lost, how many did arrive later, while the server worked off its backlog: late, not dropped. */
  deliveredLate: number
  /** Deliveries per second over the time from the first send to the last delivery. */
  achievedRate: number
  /** Send issued → message (matched by clientId) arrives on the first agent's inbox / the customer's stream. */
  latencyMs: Percentiles
  errors: number
  errorKinds: Record<string, number>
  /** Send issued → mutation answered. */
  ackLatencyMs: Percentiles
  /** Send issued → message has reached every connected agent inbox. */
  allAgentsLatencyMs: Percentiles
  /**
   * Several instances only: send issued → message reaches the first agent inbox on another instance
   * than the sending customer's, i.e. through the bus between the instances (`latencyMs` is usually
   * an agent on the customer's own instance).
   */
  crossInstanceLatencyMs?: Percentiles
  byDirection?: { customerToAgents: DirectionResult; agentToCustomer: DirectionResult }
  /** Why sending stopped before the duration was up (max-throughput steps give up on a hopeless rate). */
  aborted: string | null
  /** How far the generator's timer fell behind the schedule: large values mean the generator, not the server, limited the rate. */
  schedulerLagMsMax: number
  /** With several instances the sums (event loop: the busiest), and each instance's own figures in `instances`. */
  server: (Omit<ServerSample, 'instances'> & { instances: InstanceFigures[] }) | null
  /**
   * Server CPU time per answered send (all its threads, all instances): robust against other processes competing
   * for the cores, and 1000 / this is roughly the rate one saturated core could sustain.
   */
  serverCpuMsPerSend: number | null
  /** False when the server still had sends of this phase outstanding when the next one started. */
  settled: boolean
  generator: { eventLoopUtilization: number; cpuCores: number }
  /** `otherCores`: CPU used by processes that are neither the server nor this generator (noise). */
  machine: MachineUsage & { otherCores: number | null }
}

interface Pending {
  issuedAt: number
  reply: boolean
  /** The instance the sending customer talks to. */
  instance: number
  /** Agent inboxes that have seen it (customer messages only). */
  seenBy: number
  /** An agent on another instance than the customer's has seen it (customer messages only). */
  crossed: boolean
  delivered: boolean
  /** Delivered or refused: nothing more to wait for. */
  done: boolean
}

const BODY = 'Hi! I have a question about my last invoice, could someone have a look please?'

export interface RunOptions {
  rate: number
  durationS: number
  replyShare: number
  drainS: number
  /** Stop issuing once a message has waited this long undelivered: the step has failed, more load only builds backlog. */
  abortAfterMs?: number
  /** After the drain, wait (unmeasured) up to this long for outstanding sends, so the next phase starts on an idle server. */
  settleS?: number
  log?: (line: string) => void
}

const SETTLE_REPORT_MS = 10_000
const LATE_FRAMES_S = 2

/**
 * One open-loop phase: sends are issued on a timer at `rate` regardless of whether earlier ones have
 * been answered, so a slow server shows up as latency and backlog instead of silently lowering the
 * rate (coordinated omission). Customer i sends into its own conversation, round robin.
 */
export async function runLoad(world: World, server: ServerHandle, options: RunOptions): Promise<RunResult> {
  const { customers, agents } = world
  const pending = new Map<string, Pending>()
  const order: Pending[] = []
  const latencies = { customer: [] as number[], reply: [] as number[] }
  const allAgents: number[] = []
  const crossInstance: number[] = []
  const spread = new Set([...customers, ...agents].map((client) => client.instance)).size > 1
  const acks: number[] = []
  const errorKinds: Record<string, number> = {}
  let errors = 0
  let inFlight = 0
  let lastDeliveryAt = 0
  let open = 0
  let oldestOpen = 0

  const settle = (entry: Pending) => {
    entry.done = true
    open--
  }
  const deliver = (entry: Pending, now: number) => {
    entry.delivered = true
    if (!entry.done) settle(entry)
    lastDeliveryAt = now
    ;(entry.reply ? latencies.reply : latencies.customer).push(now - entry.issuedAt)
  }
  world.sink.onAgentMessage = (agent, message) => {
    const entry = message.clientId ? pending.get(message.clientId) : undefined
    if (!entry || entry.reply) return
    const now = performance.now()
    if (!entry.delivered) deliver(entry, now)
    if (!entry.crossed && agents[agent]!.instance !== entry.instance) {
      entry.crossed = true
      crossInstance.push(now - entry.issuedAt)
    }
    entry.seenBy++
    if (entry.seenBy === agents.length) allAgents.push(now - entry.issuedAt)
  }
  world.sink.onCustomerMessage = (_customer, message) => {
    const entry = message.clientId ? pending.get(message.clientId) : undefined
    if (entry?.reply && !entry.delivered) deliver(entry, performance.now())
  }
  world.sink.onSubscriptionError = (who, error) => {
    errors++
    countBy(errorKinds, `subscription ${who}: ${String(error).slice(0, 120)}`)
  }

  const issue = (k: number) => {
    const customer = customers[k % customers.length]!
    const reply = Math.floor((k + 1) * options.replyShare) > Math.floor(k * options.replyShare)
    const clientId = randomUUID()
    const issuedAt = performance.now()
    const entry: Pending = {
      issuedAt,
      reply,
      instance: customer.instance,
      seenBy: 0,
      crossed: false,
      delivered: false,
      done: false,
    }
    pending.set(clientId, entry)
    order.push(entry)
    open++
    inFlight++
    const input = { conversationId: customer.conversationId, clientId, body: `${BODY} #${k}` }
    const sent = reply
      ? agents[customer.index % agents.length]!.api.conversation.reply.mutate(input)
      : customer.api.customer.send.mutate(input)
    sent.then(
      () => {
        inFlight--
        acks.push(performance.now() - issuedAt)
      },
      (error: unknown) => {
        inFlight--
        errors++
        if (!entry.done) settle(entry)
        countBy(errorKinds, error instanceof Error ? error.message.slice(0, 120) : String(error))
      },
    )
  }

  await server.sample()
  const generatorCpu = process.cpuUsage()
  const generatorElu = performance.eventLoopUtilization()
  const machine = machineMeter()
  const total = Math.round(options.rate * options.durationS)
  const startedAt = performance.now()
  let issued = 0
  let schedulerLagMsMax = 0
  let aborted: string | null = null
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now()
      while (oldestOpen < order.length && order[oldestOpen]!.done) oldestOpen++
      const oldest = order[oldestOpen]
      if (options.abortAfterMs !== undefined && oldest && now - oldest.issuedAt > options.abortAfterMs) {
        aborted = `a message waited over ${options.abortAfterMs} ms after ${Math.round((now - startedAt) / 100) / 10} s`
        resolve()
        return
      }
      const due = Math.min(total, Math.floor(((now - startedAt) / 1000) * options.rate))
      if (issued < due) {
        const scheduledAt = startedAt + (issued / options.rate) * 1000
        schedulerLagMsMax = Math.max(schedulerLagMsMax, now - scheduledAt)
      }
      while (issued < due) issue(issued++)
      if (issued >= total) resolve()
      else setTimeout(tick, 1)
    }
    tick()
  })
  const sendingMs = performance.now() - startedAt

  const until = async (done: () => boolean, seconds: number) => {
    const deadline = performance.now() + seconds * 1000
    while (!done() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10))
  }
  await until(
    () => open === 0 && inFlight === 0 && allAgents.length >= latencies.customer.length,
    options.drainS,
  )

  // The figures are taken here; anything later is a straggler and counts as lost.
  const serverSample = await server.sample()
  const machineUsage = machine()
  const generatorUsage = process.cpuUsage(generatorCpu)
  const generatorElu2 = performance.eventLoopUtilization(generatorElu)
  const wallMs = performance.now() - startedAt
  const generatorCores =
    Math.round(((generatorUsage.user + generatorUsage.system) / (wallMs * 1000)) * 100) / 100
  const customerLatencies = [...latencies.customer]
  const replyLatencies = [...latencies.reply]
  const allAgentLatencies = [...allAgents]
  const crossInstanceLatencies = [...crossInstance]
  const ackLatencies = [...acks]
  const errorCount = errors
  const errorKindsAtEnd = { ...errorKinds }
  const lastDelivery = lastDeliveryAt

  const answered = ackLatencies.length + errorCount
  const settleStarted = performance.now()
  let reported = settleStarted
  await until(() => {
    const now = performance.now()
    if (inFlight > 0 && now - reported >= SETTLE_REPORT_MS) {
      reported = now
      options.log?.(
        `waiting for the server: ${inFlight} sends still unanswered after ${Math.round((now - settleStarted) / 1000)} s`,
      )
    }
    return inFlight === 0
  }, options.settleS ?? 0)
  const settled = inFlight === 0
  // A message's frames can trail its acknowledgement by a moment.
  if (settled) await until(() => open === 0, LATE_FRAMES_S)
  const deliveredLate =
    latencies.customer.length + latencies.reply.length - customerLatencies.length - replyLatencies.length
  world.sink.onAgentMessage = () => {}
  world.sink.onCustomerMessage = () => {}

  const direction = (reply: boolean, samples: number[]): DirectionResult => {
    const sent = order.filter((entry) => entry.reply === reply).length
    return { sent, delivered: samples.length, lost: sent - samples.length, latencyMs: percentiles(samples) }
  }
  const allLatencies = [...customerLatencies, ...replyLatencies]
  const deliveredCount = allLatencies.length
  const activeS = Math.max(sendingMs, lastDelivery - startedAt) / 1000
  const perSend = (cpuMs: number) => (answered > 0 ? Math.round((cpuMs / answered) * 100) / 100 : null)
  return {
    targetRate: options.rate,
    durationS: options.durationS,
    sent: issued,
    delivered: deliveredCount,
    lost: issued - deliveredCount,
    deliveredLate,
    achievedRate: Math.round(deliveredCount / activeS),
    latencyMs: percentiles(allLatencies),
    errors: errorCount,
    errorKinds: errorKindsAtEnd,
    ackLatencyMs: percentiles(ackLatencies),
    allAgentsLatencyMs: percentiles(allAgentLatencies),
    ...(spread ? { crossInstanceLatencyMs: percentiles(crossInstanceLatencies) } : {}),
    ...(options.replyShare > 0
      ? {
          byDirection: {
            customerToAgents: direction(false, customerLatencies),
            agentToCustomer: direction(true, replyLatencies),
          },
        }
      : {}),
    aborted,
    schedulerLagMsMax: Math.round(schedulerLagMsMax * 10) / 10,
    server: serverSample && {
      ...serverSample,
      instances: serverSample.instances.map((sample, instance) => ({
        instance,
        ...sample,
        cpuMsPerSend: perSend(sample.cpuMs),
      })),
    },
    serverCpuMsPerSend: serverSample ? perSend(serverSample.cpuMs) : null,
    settled,
    generator: {
      eventLoopUtilization: Math.round(generatorElu2.utilization * 100) / 100,
      cpuCores: generatorCores,
    },
    machine: {
      ...machineUsage,
      otherCores:
        machineUsage.busyCores === null || serverSample === null
          ? null
          : Math.max(
              0,
              Math.round((machineUsage.busyCores - serverSample.cpuCores - generatorCores) * 100) / 100,
            ),
    },
  }
}
