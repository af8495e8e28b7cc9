import { describe, expect, it } from 'vitest'
import { MAX_TRANSCRIPT_MESSAGES, transcriptOf } from './transcript.rules.ts'

const reply = (id: string) => ({ id, visibility: 'public' as const, kind: 'text' as const })

describe('a transcript by email (transcriptOf)', () => {
  it('holds what the customer saw: no note, no system update', () => {
    const result = transcriptOf({ email: 'kim@example.com', blocked: false }, [
      reply('a'),
      { id: 'note', visibility: 'internal', kind: 'text' },
      { id: 'joined', visibility: 'public', kind: 'system' },
      reply('b'),
    ])
    expect(result).toEqual({ ok: true, value: [reply('a'), reply('b')] })
  })

  it('needs the contact’s own address', () => {
    expect(transcriptOf({ email: null, blocked: false }, [reply('a')])).toMatchObject({
      ok: false,
      error: { code: 'NO_EMAIL_ADDRESS' },
    })
  })

  it('sends nothing to a blocked contact (rule 7)', () => {
    expect(transcriptOf({ email: 'kim@example.com', blocked: true }, [reply('a')])).toMatchObject({
      ok: false,
      error: { code: 'CONTACT_BLOCKED' },
    })
  })

  it('keeps the latest messages of a very long conversation', () => {
    const many = Array.from({ length: MAX_TRANSCRIPT_MESSAGES + 5 }, (_, i) => reply(String(i)))
    const result = transcriptOf({ email: 'kim@example.com', blocked: false }, many)
    expect(result.ok && result.value.length).toBe(MAX_TRANSCRIPT_MESSAGES)
    expect(result.ok && result.value[0]!.id).toBe('5')
  })
})
