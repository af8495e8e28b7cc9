import { describe, expect, it } from 'vitest'
import { isNewlySeen } from './read-receipt.rules.ts'

const at = (second: number) => new Date(Date.UTC(2030, 0, 1, 9, 0, second))

describe('when a read is news for the other side (isNewlySeen)', () => {
  it('the first read after their message is', () => {
    expect(isNewlySeen({ latestOfTheirs: at(10), seenBefore: null, readAt: at(20) })).toBe(true)
  })

  it('a read that covers a message no earlier read did is', () => {
    expect(isNewlySeen({ latestOfTheirs: at(30), seenBefore: at(10), readAt: at(40) })).toBe(true)
  })

  it('reading again, with nothing new of theirs, is not', () => {
    expect(isNewlySeen({ latestOfTheirs: at(10), seenBefore: at(10), readAt: at(50) })).toBe(false)
  })

  it('a read with no message of theirs at all is not', () => {
    expect(isNewlySeen({ latestOfTheirs: null, seenBefore: null, readAt: at(50) })).toBe(false)
  })

  it('a read from before their latest message does not cover it', () => {
    expect(isNewlySeen({ latestOfTheirs: at(60), seenBefore: at(10), readAt: at(50) })).toBe(false)
  })
})
