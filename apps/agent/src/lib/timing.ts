/** Runs `fn` once per burst: calls within `ms` of the first one are folded into a single run. */
export function coalesce(fn: () => void, ms: number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined
  const schedule = () => {
    if (timer !== undefined) return
    timer = setTimeout(() => {
      timer = undefined
      fn()
    }, ms)
  }
  schedule.cancel = () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }
  return schedule
}

/** Lets `fn` through at most once per `ms`; calls in between are dropped, not queued. */
export function throttle<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {
  let last = 0
  return (...args) => {
    const at = Date.now()
    if (at - last < ms) return
    last = at
    fn(...args)
  }
}
