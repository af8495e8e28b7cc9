import { describe, expect, it } from 'vitest'
import { uiStrings } from './strings.ts'

describe('the UI kit’s words', () => {
  it('has every English word in German too', () => {
    expect(Object.keys(uiStrings.de).sort()).toEqual(Object.keys(uiStrings.en).sort())
  })

  it('keeps the accessible names the browser tests and screen readers find controls by', () => {
    expect(uiStrings.en['ui.language']).toBe('Language')
    expect(uiStrings.en['ui.retry']).toBe('Try again')
    expect(uiStrings.de['ui.language']).toBe('Sprache')
  })
})
