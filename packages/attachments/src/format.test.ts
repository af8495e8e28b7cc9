import { describe, expect, it } from 'vitest'
import { formatBytes, formatDuration } from './format.ts'

describe('sizes and lengths as people read them', () => {
  it.each([
    [0, 'en', '0 B'],
    [900, 'en', '900 B'],
    [1536, 'en', '1.5 KB'],
    [12 * 1024, 'en', '12 KB'],
    [3.4 * 1024 * 1024, 'de', '3,4 MB'],
    [10 * 1024 * 1024, 'en', '10 MB'],
  ])('%d bytes in %s read as %s', (bytes, locale, expected) => {
    expect(formatBytes(bytes, locale)).toBe(expected)
  })

  it.each([
    [0, '0:00'],
    [7_400, '0:07'],
    [61_000, '1:01'],
    [750_000, '12:30'],
  ])('%d ms read as %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected)
  })
})
