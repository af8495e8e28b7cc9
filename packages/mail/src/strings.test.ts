import { describe, expect, it } from 'vitest'
import { de, en } from './strings.ts'

describe('mail strings', () => {
  it('German has every English string, with the same placeholders, and no more', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort())
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort()
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(de[key].trim(), key).not.toBe('')
      expect(placeholders(de[key]), key).toEqual(placeholders(en[key]))
    }
  })
})
