import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { coalesce } from './timing.ts'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('coalesce', () => {
  it('folds a burst of calls into one run after the delay', () => {
    const fn = vi.fn()
    const run = coalesce(fn, 100)
    run()
    run()
    vi.advanceTimersByTime(99)
    run()
    expect(fn).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(fn).toHaveBeenCalledTimes(1)
  })

  it('runs quickly while calls are rare, and no more than once per interval while they keep coming', () => {
    const fn = vi.fn()
    const run = coalesce(fn, 100, 1_000)
    run()
    vi.advanceTimersByTime(100)
    expect(fn).toHaveBeenCalledTimes(1)

    // An event every 50 ms for five seconds: five runs, not fifty.
    for (let elapsed = 0; elapsed < 5_000; elapsed += 50) {
      run()
      vi.advanceTimersByTime(50)
    }
    vi.advanceTimersByTime(1_000)
    expect(fn.mock.calls.length).toBeGreaterThanOrEqual(5)
    expect(fn.mock.calls.length).toBeLessThanOrEqual(7)

    // Quiet again: the next call runs after the short delay.
    vi.advanceTimersByTime(5_000)
    const before = fn.mock.calls.length
    run()
    vi.advanceTimersByTime(100)
    expect(fn).toHaveBeenCalledTimes(before + 1)
  })

  it('spreads runs by up to the jitter, so inboxes woken by one event do not refetch together', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    const fn = vi.fn()
    const run = coalesce(fn, 100, 0, 1_000)
    run()
    vi.advanceTimersByTime(599)
    expect(fn).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(fn).toHaveBeenCalledTimes(1)
    vi.restoreAllMocks()
  })

  it('cancel drops a pending run', () => {
    const fn = vi.fn()
    const run = coalesce(fn, 100)
    run()
    run.cancel()
    vi.advanceTimersByTime(1_000)
    expect(fn).not.toHaveBeenCalled()
  })
})
