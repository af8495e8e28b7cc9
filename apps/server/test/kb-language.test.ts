import { describe, expect, it } from 'vitest'
import { kbLocaleOf, kbText } from '../src/kb/kb-strings.ts'

describe('the language of the public help pages', () => {
  it.each<[string | null, string | undefined, 'en' | 'de']>([
    [null, undefined, 'en'],
    [null, '', 'en'],
    [null, 'de', 'de'],
    [null, 'de-AT,de;q=0.9', 'de'],
    [null, 'fr-FR,fr;q=0.9,de;q=0.8,en;q=0.7', 'de'],
    [null, 'en-GB,en;q=0.9,de;q=0.8', 'en'],
    [null, 'de;q=0.5,en;q=0.9', 'en'],
    [null, 'de;q=0,en;q=0.1', 'en'],
    [null, 'fr, ja', 'en'],
    [null, 'garbage;;;q=x,,', 'en'],
    ['de', 'en', 'de'],
    ['en', 'de', 'en'],
    ['fr', 'de', 'de'],
    ['<script>', undefined, 'en'],
  ])('?lang=%s with Accept-Language %s is %s', (lang, header, expected) => {
    expect(kbLocaleOf(lang, header)).toBe(expected)
  })

  it('fills in parameters as text', () => {
    expect(kbText('de', 'noResults', { q: 'Rückgabe' })).toBe('Kein Artikel passt zu „Rückgabe“.')
    expect(kbText('en', 'resultsFor', { q: '{q}' })).toBe('Articles matching “{q}”')
  })
})
