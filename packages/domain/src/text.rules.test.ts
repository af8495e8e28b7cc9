import { describe, expect, it } from 'vitest'
import { validateMessageBody } from './message.rules.ts'
import { cleanLine, cleanText, hasBrokenCharacters, isBlank } from './text.rules.ts'

describe('text as typed (text.rules)', () => {
  it('drops control characters, NUL among them, and keeps tabs and line breaks in messages', () => {
    expect(cleanText('a\u0000b\u0007c\u001Bd\u009Fe')).toBe('abcde')
    expect(cleanText('one\r\ntwo\rthree\tfour\n')).toBe('one\ntwo\nthree\tfour\n')
  })

  it('makes a name one line without bidi overrides', () => {
    expect(cleanLine('  Bob\u202Eevil  ')).toBe('Bobevil')
    expect(cleanLine('Anna\u2066\u2069 \n\t Maria\u0000')).toBe('Anna Maria')
  })

  it('knows a lone surrogate (half an emoji) from a whole one', () => {
    expect(hasBrokenCharacters('ok 😀')).toBe(false)
    expect(hasBrokenCharacters('broken \uD83D')).toBe(true)
    expect(hasBrokenCharacters('\uDE00 backwards')).toBe(true)
  })

  it('treats invisible characters as nothing', () => {
    expect(isBlank('\u200B\u200C\u200D\uFEFF\u2060 \n')).toBe(true)
    expect(isBlank('\u200Bx')).toBe(false)
  })

  it('a message of NUL or zero-width spaces is empty; NUL inside a message is dropped', () => {
    for (const body of ['\u0000', '\u0000\u0000 ', '\u200B\u200B', '\uFEFF\n\u200D']) {
      expect(validateMessageBody(body)).toMatchObject({ ok: false, error: { code: 'EMPTY_MESSAGE' } })
    }
    expect(validateMessageBody('Hel\u0000lo')).toEqual({ ok: true, value: 'Hello' })
  })
})
