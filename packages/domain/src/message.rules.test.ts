import { describe, expect, it } from 'vitest'
import {
  changeMessage,
  isRetryOf,
  MAX_MESSAGE_LENGTH,
  previewOf,
  validateMessageBody,
} from './message.rules.ts'

describe('a message body (validateMessageBody)', () => {
  it.each([
    ['an empty message', ''],
    ['a message of only spaces', '    '],
    ['a message of only line breaks and tabs', '\n\t\r\n '],
  ])('%s cannot be sent (EMPTY_MESSAGE)', (_, body) => {
    expect(validateMessageBody(body)).toEqual({
      ok: false,
      error: { code: 'EMPTY_MESSAGE', message: 'A message cannot be empty.' },
    })
  })

  it('is stored without leading and trailing whitespace', () => {
    expect(validateMessageBody('  \n Hello, how can I help?\n\n ')).toEqual({
      ok: true,
      value: 'Hello, how can I help?',
    })
  })

  it('keeps line breaks inside the message', () => {
    expect(validateMessageBody('Line one\n\nLine two')).toEqual({ ok: true, value: 'Line one\n\nLine two' })
  })

  it('allows up to 10 000 characters', () => {
    expect(MAX_MESSAGE_LENGTH).toBe(10_000)
  })

  it('accepts a message of exactly the maximum length', () => {
    const body = 'a'.repeat(MAX_MESSAGE_LENGTH)
    expect(validateMessageBody(body)).toEqual({ ok: true, value: body })
  })

  it('refuses a message one character over the maximum (MESSAGE_TOO_LONG)', () => {
    const result = validateMessageBody('a'.repeat(MAX_MESSAGE_LENGTH + 1))
    expect(result.ok ? 'ok' : result.error.code).toBe('MESSAGE_TOO_LONG')
    expect(result.ok || result.error.message).toContain('10000')
  })

  it('does not count surrounding whitespace towards the maximum', () => {
    const body = 'a'.repeat(MAX_MESSAGE_LENGTH)
    expect(validateMessageBody(`   ${body}\n\n`)).toEqual({ ok: true, value: body })
  })
})

describe('sent messages are immutable (changeMessage)', () => {
  it('nobody can edit or delete a sent message (MESSAGES_IMMUTABLE)', () => {
    expect(changeMessage()).toEqual({
      ok: false,
      error: { code: 'MESSAGES_IMMUTABLE', message: 'Sent messages cannot be edited or deleted.' },
    })
  })
})

describe('the one-line preview in lists and notifications (previewOf)', () => {
  it('shows a short message as it is', () => {
    expect(previewOf('Where is my order?')).toBe('Where is my order?')
  })

  it('joins lines and collapses runs of whitespace into single spaces', () => {
    expect(previewOf('  Hello,\n\n  where is\tmy order?  ')).toBe('Hello, where is my order?')
  })

  it('shows a message of exactly 140 characters in full', () => {
    const body = 'a'.repeat(140)
    expect(previewOf(body)).toBe(body)
  })

  it('cuts a longer message to 140 characters ending in an ellipsis', () => {
    const preview = previewOf('a'.repeat(141))
    expect(preview).toBe(`${'a'.repeat(139)}…`)
    expect(preview).toHaveLength(140)
  })

  it('honours a shorter preview length', () => {
    expect(previewOf('Where is my order?', 9)).toBe('Where is…')
  })

  it('measures the length after collapsing whitespace', () => {
    expect(previewOf('Where\n\n\n\nis', 8)).toBe('Where is')
  })

  it('never cuts an emoji in half', () => {
    // 'Thanks 👍' is 9 UTF-16 units; cutting at 8 would keep only half of the emoji.
    expect(previewOf('Thanks 👍 a lot', 9)).toBe('Thanks …')
  })

  it('keeps a whole emoji that fits before the ellipsis', () => {
    expect(previewOf('Thanks 👍 a lot', 10)).toBe('Thanks 👍…')
  })
})

describe('a resend with the same client id', () => {
  const note = { authorKind: 'agent', authorId: 'anna', visibility: 'internal' } as const

  it('is a retry when the same author sends with the same visibility', () => {
    expect(isRetryOf(note, { ...note })).toBe(true)
  })

  it.each([
    ['another agent', { ...note, authorId: 'paul' }],
    ['a customer', { authorKind: 'customer', authorId: 'anna', visibility: 'public' }],
    ['the same agent sending it as a reply', { ...note, visibility: 'public' }],
  ] as const)('is not a retry when it comes from %s, so the note is never handed out', (_, attempt) => {
    expect(isRetryOf(note, attempt)).toBe(false)
  })

  it('never matches a message without an author', () => {
    const system = { authorKind: 'system', authorId: null, visibility: 'public' } as const
    expect(isRetryOf(system, system)).toBe(false)
  })
})
