import { describe, expect, it } from 'vitest'
import { callerAddress } from '../src/context.ts'

// TRUST_PROXY: the address the per-address limits count by. A client can write anything into
// X-Forwarded-For; only what the trusted proxies appended counts.

describe('the caller address behind reverse proxies', () => {
  it('ignores X-Forwarded-For unless proxies are trusted: anyone can send it', () => {
    expect(callerAddress('203.0.113.9', '198.51.100.1', 0)).toBe('203.0.113.9')
    expect(callerAddress(undefined, '198.51.100.1', 0)).toBeNull()
  })

  it('with one proxy, takes the address that proxy saw, not what the client wrote before it', () => {
    const nginx = '10.0.0.2'
    expect(callerAddress(nginx, '198.51.100.1', 1)).toBe('198.51.100.1')
    // A forged entry on the left: nginx appended the real address after it.
    expect(callerAddress(nginx, '1.2.3.4, 198.51.100.1', 1)).toBe('198.51.100.1')
    // Two headers count as one list, in order.
    expect(callerAddress(nginx, ['1.2.3.4', '198.51.100.1'], 1)).toBe('198.51.100.1')
  })

  it('with two proxies, skips the inner one; with "true", trusts every hop', () => {
    expect(callerAddress('10.0.0.2', '1.2.3.4, 198.51.100.1, 10.0.0.1', 2)).toBe('198.51.100.1')
    expect(callerAddress('10.0.0.2', '1.2.3.4, 198.51.100.1, 10.0.0.1', Number.POSITIVE_INFINITY)).toBe(
      '1.2.3.4',
    )
    // More trusted hops than entries: the left-most entry is as far as the list goes.
    expect(callerAddress('10.0.0.2', '198.51.100.1', 5)).toBe('198.51.100.1')
  })

  it('without the header, or with garbage in it, falls back to the connection', () => {
    expect(callerAddress('10.0.0.2', undefined, 1)).toBe('10.0.0.2')
    expect(callerAddress('10.0.0.2', '', 1)).toBe('10.0.0.2')
    expect(callerAddress('10.0.0.2', 'not-an-address', 1)).toBe('10.0.0.2')
    expect(callerAddress('10.0.0.2', '<script>, 198.51.100.1:443', 1)).toBe('10.0.0.2')
  })

  it('reads IPv6 entries', () => {
    expect(callerAddress('::1', '2001:db8::1', 1)).toBe('2001:db8::1')
  })
})
