import { afterEach, describe, expect, it, vi } from 'vitest'
import { createI18n, detectLocale, interpolate, interpolateParts } from './create-i18n.ts'

const en = {
  'chat.greeting': 'Hello {name}',
  'chat.typing': '{name} is typing…',
  'chat.count': '{count} new messages',
  'chat.onlyEnglish': 'Only in English',
}
const de: Record<keyof typeof en, string> = {
  'chat.greeting': 'Hallo {name}',
  'chat.typing': '{name} schreibt…',
  'chat.count': '{count} neue Nachrichten',
  'chat.onlyEnglish': '',
}

function fakeStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial))
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    removeItem: (key: string) => void data.delete(key),
    data,
  }
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('interpolate', () => {
  it('fills named placeholders', () => {
    expect(interpolate('{name} joined {where}', { name: 'Anna', where: 'the chat' })).toBe(
      'Anna joined the chat',
    )
  })

  it('fills numbers', () => {
    expect(interpolate('Ticket #{number}', { number: 12 })).toBe('Ticket #12')
  })

  it('leaves a placeholder without a value visible, so the gap is noticed', () => {
    expect(interpolate('Hello {name}', {})).toBe('Hello {name}')
  })

  it('does not treat $ in values as a replacement pattern', () => {
    expect(interpolate('Price {p}', { p: '$& $1' })).toBe('Price $& $1')
  })
})

describe('createI18n outside a browser', () => {
  it('starts in English when there is no storage, navigator or document', () => {
    vi.stubGlobal('localStorage', undefined)
    vi.stubGlobal('navigator', undefined)
    const i18n = createI18n({ en, de })
    expect(i18n.locale()).toBe('en')
    expect(i18n.t('chat.greeting', { name: 'Anna' })).toBe('Hello Anna')
  })

  it('switches language without a document or storage', () => {
    vi.stubGlobal('localStorage', undefined)
    const i18n = createI18n({ en, de })
    i18n.setLocale('de')
    expect(i18n.t('chat.typing', { name: 'Anna' })).toBe('Anna schreibt…')
  })
})

describe('translating', () => {
  it('translates into the current language', () => {
    vi.stubGlobal('localStorage', fakeStorage({ 'parley.locale': 'de' }))
    const i18n = createI18n({ en, de })
    expect(i18n.t('chat.count', { count: 3 })).toBe('3 neue Nachrichten')
  })

  it('falls back to English when a translation is empty or missing', () => {
    vi.stubGlobal('localStorage', fakeStorage({ 'parley.locale': 'de' }))
    const partial = { ...de } as Record<string, string>
    delete partial['chat.greeting']
    const i18n = createI18n({ en, de: partial as typeof de })
    expect(i18n.t('chat.greeting', { name: 'Anna' })).toBe('Hello Anna')
    expect(i18n.t('chat.onlyEnglish')).toBe('Only in English')
  })

  it('falls back to the key when no dictionary has it', () => {
    const i18n = createI18n({ en, de })
    expect(i18n.t('error.SOMETHING_NEW' as keyof typeof en)).toBe('error.SOMETHING_NEW')
  })
})

describe('choosing the language', () => {
  it('uses the stored choice first', () => {
    vi.stubGlobal('localStorage', fakeStorage({ 'parley.locale': 'en' }))
    vi.stubGlobal('navigator', { language: 'de-AT' })
    expect(detectLocale()).toBe('en')
  })

  it('uses German for a German browser', () => {
    vi.stubGlobal('localStorage', fakeStorage())
    vi.stubGlobal('navigator', { language: 'de-CH' })
    expect(detectLocale()).toBe('de')
  })

  it('uses English for any other browser language', () => {
    vi.stubGlobal('localStorage', fakeStorage())
    vi.stubGlobal('navigator', { language: 'fr-FR' })
    expect(detectLocale()).toBe('en')
  })

  it('ignores a stored value that is not a supported language', () => {
    vi.stubGlobal('localStorage', fakeStorage({ 'parley.locale': 'xx' }))
    vi.stubGlobal('navigator', { language: 'de' })
    expect(detectLocale()).toBe('de')
  })

  it('survives storage that throws, as in a sandboxed iframe', () => {
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new Error('SecurityError')
      },
      setItem: () => {
        throw new Error('SecurityError')
      },
    })
    vi.stubGlobal('navigator', { language: 'de-DE' })
    const i18n = createI18n({ en, de })
    expect(i18n.locale()).toBe('de')
    i18n.setLocale('en')
    expect(i18n.locale()).toBe('en')
  })

  it('remembers the choice and sets the document language', () => {
    const storage = fakeStorage()
    const documentElement = { lang: '' }
    vi.stubGlobal('localStorage', storage)
    vi.stubGlobal('navigator', { language: 'en-GB' })
    vi.stubGlobal('document', { documentElement })
    const i18n = createI18n({ en, de })
    expect(documentElement.lang).toBe('en')
    i18n.setLocale('de')
    expect(i18n.locale()).toBe('de')
    expect(storage.data.get('parley.locale')).toBe('de')
    expect(documentElement.lang).toBe('de')
  })
})

describe('dates', () => {
  const now = new Date(2025, 5, 15, 14, 30)

  it('shows only the time for today', () => {
    const i18n = createI18n({ en, de })
    i18n.setLocale('de')
    expect(i18n.formatTime(new Date(2025, 5, 15, 9, 5), now)).toBe('09:05')
  })

  it('adds the date for an earlier day', () => {
    const i18n = createI18n({ en, de })
    i18n.setLocale('en')
    const text = i18n.formatTime(new Date(2025, 5, 10, 9, 5), now)
    expect(text).toContain('Jun')
    expect(text).toContain('10')
  })

  it('says how long ago something happened, in the current language', () => {
    const i18n = createI18n({ en, de })
    i18n.setLocale('en')
    expect(i18n.formatRelative(new Date(now.getTime() - 10_000), now)).toBe('now')
    expect(i18n.formatRelative(new Date(now.getTime() - 5 * 60_000), now)).toBe('5 minutes ago')
    expect(i18n.formatRelative(new Date(now.getTime() - 3 * 3_600_000), now)).toBe('3 hours ago')
    expect(i18n.formatRelative(new Date(now.getTime() - 26 * 3_600_000), now)).toBe('yesterday')
    i18n.setLocale('de')
    expect(i18n.formatRelative(new Date(now.getTime() - 5 * 60_000), now)).toBe('vor 5 Minuten')
    expect(i18n.formatRelative(new Date(now.getTime() - 26 * 3_600_000), now)).toBe('gestern')
  })

  it('says how long to wait, rounded up, in the current language', () => {
    const i18n = createI18n({ en, de })
    i18n.setLocale('en')
    expect(i18n.formatWait(0.2)).toBe('in 1 second')
    expect(i18n.formatWait(45)).toBe('in 45 seconds')
    expect(i18n.formatWait(61)).toBe('in 2 minutes')
    expect(i18n.formatWait(15 * 60)).toBe('in 15 minutes')
    i18n.setLocale('de')
    expect(i18n.formatWait(1)).toBe('in 1 Sekunde')
    expect(i18n.formatWait(14 * 60 + 1)).toBe('in 15 Minuten')
  })

  it('falls back to a date after a week', () => {
    const i18n = createI18n({ en, de })
    i18n.setLocale('en')
    expect(i18n.formatRelative(new Date(2025, 4, 1), now)).toBe('May 1, 2025')
  })
})

describe('sentences with names in them', () => {
  it('cut at the placeholders, so each name can be isolated on its own', () => {
    expect(interpolateParts('{name} joined {team}.', { name: 'Bob\u202Eevil', team: 'Sales' })).toEqual([
      { value: 'Bob\u202Eevil' },
      ' joined ',
      { value: 'Sales' },
      '.',
    ])
  })

  it('leave a placeholder nobody filled in visible, like t does', () => {
    expect(interpolateParts('Hello {name}', {})).toEqual(['Hello ', '{name}'])
  })
})
