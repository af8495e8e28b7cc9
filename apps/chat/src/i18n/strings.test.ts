import { describe, expect, it } from 'vitest'
import { de } from './de.ts'
import { en } from './en.ts'

describe('what the chat tells customers', () => {
  it('says why the email field is there', () => {
    expect(en['start.emailPurpose']).toBe('So we can tell who you are.')
    expect(de['start.emailPurpose']).toBe('Damit wir wissen, wer Sie sind.')
  })

  it('has every English string in German too', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort())
  })
})
