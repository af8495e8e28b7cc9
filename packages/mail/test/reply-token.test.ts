import { describe, expect, it } from 'vitest'
import {
  bodyMarker,
  REPLY_TOKEN_LENGTH,
  type ReplyTokenPayload,
  replyAddress,
  signReplyToken,
  threadMessageId,
  tokenOfReplyAddress,
  tokensOfBodyMarkers,
  tokensOfMessageIds,
  verifyReplyToken,
} from '../src/index.ts'

const secret = 'a-secret-of-the-helpdesk-0123456789abcdef'
const now = new Date('2030-01-15T09:00:00Z')
const payload: ReplyTokenPayload = {
  conversationId: '3f2b8c1e-9d4a-4e7b-8f6a-2c1d0e9b8a7f',
  recipient: { kind: 'customer', id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' },
  expiresAt: new Date('2030-02-14T09:00:00Z'),
}

/** Flips one character of a token to another of its alphabet. */
function tamper(token: string, at: number): string {
  const next = token[at] === 'a' ? 'b' : 'a'
  return token.slice(0, at) + next + token.slice(at + 1)
}

describe('reply tokens', () => {
  it('come back as what was signed, for customers and for agents', () => {
    const token = signReplyToken(payload, secret)
    expect(verifyReplyToken(token, secret, now)).toEqual({ ok: true, payload })
    const agent = {
      ...payload,
      recipient: { kind: 'agent' as const, id: 'ffffffff-0000-4000-8000-123456789abc' },
    }
    expect(verifyReplyToken(signReplyToken(agent, secret), secret, now)).toEqual({ ok: true, payload: agent })
  })

  it('are lower-case letters and digits of one length, safe in the local part of an address', () => {
    const token = signReplyToken(payload, secret)
    expect(token).toMatch(/^[a-z2-7]+$/)
    expect(token).toHaveLength(REPLY_TOKEN_LENGTH)
    expect(replyAddress(token, 'help.example.com')).toBe(`reply+${token}@help.example.com`)
  })

  it('still work when a mail system changed the case of the address', () => {
    const address = replyAddress(signReplyToken(payload, secret), 'help.example.com')
    for (const folded of [address.toUpperCase(), address.toLowerCase()]) {
      const token = tokenOfReplyAddress(folded, 'help.example.com')
      expect(token).not.toBeNull()
      expect(verifyReplyToken(token!, secret, now)).toEqual({ ok: true, payload })
    }
    expect(verifyReplyToken(signReplyToken(payload, secret).toUpperCase(), secret, now).ok).toBe(true)
  })

  it('changed anywhere, or signed with another secret, are forged', () => {
    const token = signReplyToken(payload, secret)
    for (const at of [2, 5, 30, 60, token.length - 3]) {
      expect(verifyReplyToken(tamper(token, at), secret, now)).toEqual({ ok: false, reason: 'forged' })
    }
    expect(verifyReplyToken(signReplyToken(payload, 'another-secret'), secret, now)).toEqual({
      ok: false,
      reason: 'forged',
    })
  })

  it('past their expiry are expired, even when genuine', () => {
    const token = signReplyToken(payload, secret)
    expect(verifyReplyToken(token, secret, payload.expiresAt)).toEqual({ ok: false, reason: 'expired' })
    expect(verifyReplyToken(token, secret, new Date('2031-01-01T00:00:00Z')).ok).toBe(false)
  })

  it('that are no token at all are malformed', () => {
    const token = signReplyToken(payload, secret)
    for (const text of ['', 'abc', token.slice(1), `${token}a`, `${token.slice(1)}1`, `${token.slice(1)}é`]) {
      expect(verifyReplyToken(text, secret, now)).toEqual({ ok: false, reason: 'malformed' })
    }
  })

  it('are refused for ids that are no uuids, rather than signed wrongly', () => {
    expect(() => signReplyToken({ ...payload, conversationId: 'conv-1' }, secret)).toThrow(/uuid/)
  })

  it('are found again in our Message-IDs and in the body marker, and only ours', () => {
    const token = signReplyToken(payload, secret)
    const id = threadMessageId(token, 'help.example.com', '1a2b3c')
    expect(id).toBe(`<${token}.1a2b3c@help.example.com>`)
    expect(tokensOfMessageIds(['<first@elsewhere.example>', id], 'help.example.com')).toEqual([token])
    expect(tokensOfMessageIds([id.toUpperCase()], 'HELP.example.com')).toEqual([token])
    expect(tokensOfMessageIds([id], 'other.example.com')).toEqual([])
    const quoted = `Thanks!\n\n> Open the conversation\n> ${bodyMarker(token)}\n`
    expect(tokensOfBodyMarkers(quoted)).toEqual([token])
    expect(tokenOfReplyAddress(`reply+${token}@other.example.com`, 'help.example.com')).toBeNull()
    expect(tokenOfReplyAddress('support@help.example.com', 'help.example.com')).toBeNull()
  })
})
