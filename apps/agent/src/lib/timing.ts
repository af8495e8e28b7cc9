/**
 * Runs `fn` once per burst: calls within `ms` of the first one are folded into a single run. With
 * `minIntervalMs`, runs are also at least that far apart: quick while calls are rare, bounded while they
 * keep coming (a busy inbox sends events all the time). `jitterMs` adds up to that much at random, so
 * that many clients woken by the same event do not all call the server in the same millisecond.
 */
export function coalesce(
  fn: () => void,
  ms: number,
  minIntervalMs = 0,
  jitterMs = 0,
): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined
  let lastRun = Number.NEGATIVE_INFINITY
  const schedule = () => {
    if (timer !== undefined) return
    const wait = Math.max(ms, lastRun + minIntervalMs - Date.now()) + Math.random() * jitterMs
    timer = setTimeout(() => {
      timer = undefined
      lastRun = Date.now()
      fn()
    }, wait)
  }
  schedule.cancel = () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }
  return schedule
}
