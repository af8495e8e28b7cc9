import { describe, expect, it } from 'vitest'
import { de } from './de.ts'
import { en } from './en.ts'

// The chat makes no promise the product does not keep: no email is sent to customers yet.
const promisesEmail = [/\bemail you\b/i, /\bby email\b/i, /\bper E-Mail\b/i, /\bE-Mail (schicken|senden)\b/i]

describe('what the chat tells customers', () => {
  it('promises no email, in English or German', () => {
    for (const strings of [en, de]) {
      const promises = Object.entries(strings).filter(([, text]) =>
        promisesEmail.some((pattern) => pattern.test(text)),
      )
      expect(promises).toEqual([])
    }
  })

  it('says why the email field is there', () => {
    expect(en['start.emailPurpose']).toBe('So we can tell who you are.')
    expect(de['start.emailPurpose']).toBe('Damit wir wissen, wer Sie sind.')
  })

  it('has every English string in German too', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort())
  })
})
