/**
 * Preloaded into the server child with `--import`, so the server's own code stays untouched: answers
 * the bench's IPC requests with the event loop's cumulative busy time and the delays it saw since the
 * previous request, and starts/stops a CPU profile so one covers only a measured phase (not startup
 * and setup). CPU time is read from /proc by the parent instead, because a saturated event loop
 * answers late or not at all.
 */
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'

export interface ProbeReading {
  /** Cumulative since the server started; the bench differences two readings. */
  eventLoop: { idleMs: number; activeMs: number }
  loopDelayMs: { p50: number; p99: number; max: number }
  rssMb: number
  heapUsedMb: number
}

if (process.send) {
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()

  const inspector = new Session()
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      inspector.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    )

  process.on('message', async (request: unknown) => {
    if (typeof request !== 'object' || request === null || !('type' in request) || !('id' in request)) return
    if (request.type === 'probe:profile-start') {
      inspector.connect()
      await post('Profiler.enable')
      await post('Profiler.start')
      process.send?.({ type: 'probe:profile-start', id: request.id })
      return
    }
    if (request.type === 'probe:profile-stop' && 'file' in request && typeof request.file === 'string') {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown }
      inspector.disconnect()
      writeFileSync(request.file, JSON.stringify(profile))
      process.send?.({ type: 'probe:profile-stop', id: request.id })
      return
    }
    if (request.type !== 'probe:sample') return
    const { idle, active } = performance.eventLoopUtilization()
    const memory = process.memoryUsage()
    const reading: ProbeReading = {
      eventLoop: { idleMs: idle, activeMs: active },
      loopDelayMs: {
        p50: round(delay.percentile(50) / 1e6),
        p99: round(delay.percentile(99) / 1e6),
        max: round(delay.max / 1e6),
      },
      rssMb: Math.round(memory.rss / 2 ** 20),
      heapUsedMb: Math.round(memory.heapUsed / 2 ** 20),
    }
    delay.reset()
    process.send?.({ type: 'probe:sample', id: request.id, reading })
  })
  // The IPC channel must not keep a server alive that was asked to stop.
  process.channel?.unref()
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
