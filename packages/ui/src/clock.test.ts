import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

const start = new Date('2026-03-02T09:00:00Z')

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(start)
  // The clock is one per page; each test gets a page of its own.
  vi.resetModules()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('the clock for relative times', () => {
  it('tells the time it is when first read', async () => {
    const { now } = await import('./clock.ts')
    expect(now()).toEqual(start)
  })

  it('moves on by itself, a few times a minute', async () => {
    const { now } = await import('./clock.ts')
    now()
    vi.advanceTimersByTime(20_000)
    expect(now()).toEqual(new Date(start.getTime() + 20_000))
    vi.advanceTimersByTime(40_000)
    expect(now()).toEqual(new Date(start.getTime() + 60_000))
  })

  it('stays put between ticks, so labels do not re-render on every read', async () => {
    const { now } = await import('./clock.ts')
    const first = now()
    vi.advanceTimersByTime(19_000)
    expect(now()).toBe(first)
  })

  it('starts no timer until something reads it', async () => {
    await import('./clock.ts')
    expect(vi.getTimerCount()).toBe(0)
  })
})
