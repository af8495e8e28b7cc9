import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'

describe('configuration', () => {
  it('TRUST_PROXY is off by default; a number trusts that many proxies, true every one', () => {
    expect(loadConfig({}).trustedProxies).toBe(0)
    expect(loadConfig({ TRUST_PROXY: '' }).trustedProxies).toBe(0)
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustedProxies).toBe(0)
    expect(loadConfig({ TRUST_PROXY: '0' }).trustedProxies).toBe(0)
    expect(loadConfig({ TRUST_PROXY: '1' }).trustedProxies).toBe(1)
    expect(loadConfig({ TRUST_PROXY: '2' }).trustedProxies).toBe(2)
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustedProxies).toBe(Number.POSITIVE_INFINITY)
  })

  it('refuses a TRUST_PROXY it cannot read, saying what it takes', () => {
    for (const value of ['yes', '-1', '10.0.0.1', '12']) {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(
        /TRUST_PROXY must be true, false, or the number of proxies/,
      )
    }
  })
})
