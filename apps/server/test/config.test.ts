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

describe('mail configuration', () => {
  it('without SMTP_URL mail goes to the dev outbox, from Parley <support@localhost>', () => {
    expect(loadConfig({})).toMatchObject({ smtpUrl: undefined, mailFrom: 'Parley <support@localhost>' })
    expect(loadConfig({ SMTP_URL: '', MAIL_FROM: '' })).toMatchObject({ smtpUrl: undefined })
  })

  it('takes smtp:// and smtps:// URLs and one sender address', () => {
    const config = loadConfig({
      SMTP_URL: 'smtps://user:secret@mail.example.com:465',
      MAIL_FROM: 'Acme Support <help@acme.example>',
    })
    expect(config).toMatchObject({
      smtpUrl: 'smtps://user:secret@mail.example.com:465',
      mailFrom: 'Acme Support <help@acme.example>',
    })
    expect(loadConfig({ SMTP_URL: 'smtp://localhost:2525' }).smtpUrl).toBe('smtp://localhost:2525')
  })

  it('refuses an SMTP_URL or MAIL_FROM it cannot use, saying what it takes, without echoing secrets', () => {
    for (const value of ['mail.example.com', 'http://mail.example.com', 'imap://user:secret@x']) {
      expect(() => loadConfig({ SMTP_URL: value })).toThrow(/SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/)
      expect(() => loadConfig({ SMTP_URL: value })).not.toThrow(/secret/)
    }
    for (const value of ['support', 'a@example.com, b@example.com', 'Parley <support@localhost']) {
      expect(() => loadConfig({ MAIL_FROM: value })).toThrow(/MAIL_FROM must be one email address/)
    }
  })
})

describe('reply-by-email configuration', () => {
  it('listens on port 2525 for localhost by default, on a free port when PORT is 0', () => {
    expect(loadConfig({})).toMatchObject({ inboundSmtpPort: 2525, inboundEmailDomain: 'localhost' })
    expect(loadConfig({ PORT: '0' }).inboundSmtpPort).toBe(0)
    expect(loadConfig({ PORT: '0', INBOUND_SMTP_PORT: '2526' }).inboundSmtpPort).toBe(2526)
    expect(loadConfig({ INBOUND_SMTP_PORT: '25', INBOUND_EMAIL_DOMAIN: 'Help.Example.com' })).toMatchObject({
      inboundSmtpPort: 25,
      inboundEmailDomain: 'help.example.com',
    })
  })

  it('refuses a port or domain it cannot use, saying what it takes', () => {
    for (const value of ['smtp', '-1', '65536', '25.5']) {
      expect(() => loadConfig({ INBOUND_SMTP_PORT: value })).toThrow(/INBOUND_SMTP_PORT/)
    }
    for (const value of ['help@example.com', 'http://example.com', 'exa mple.com', '-bad.example']) {
      expect(() => loadConfig({ INBOUND_EMAIL_DOMAIN: value })).toThrow(
        /INBOUND_EMAIL_DOMAIN must be a domain name/,
      )
    }
  })
})
