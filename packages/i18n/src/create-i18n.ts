import { type Accessor, createSignal } from 'solid-js'

export type Locale = 'en' | 'de'
export type Dictionary = Record<string, string>
export type TranslationParams = Record<string, string | number>

export const locales: readonly Locale[] = ['en', 'de']

const storageKey = 'parley.locale'

export interface I18n<D extends Dictionary> {
  locale: Accessor<Locale>
  setLocale(locale: Locale): void
  /** Reactive: reading it inside JSX or an effect re-runs when the locale changes. */
  t(key: keyof D & string, params?: TranslationParams): string
  /**
   * `t` for sentences that carry what people typed (names): each inserted value comes back in a <bdi> of
   * its own, so a right-to-left name cannot reorder the words around it. Use it as JSX children.
   */
  tIsolated(key: keyof D & string, params: TranslationParams): Array<string | HTMLElement>
  /** Time of day for today, date and time for anything older. */
  formatTime(date: Date, now?: Date): string
  /** "5 minutes ago", "yesterday", falling back to a date after a week. */
  formatRelative(date: Date, now?: Date): string
  /** A wait from now, never shorter than it is: "in 1 second", "in 15 minutes", "in 2 Minuten". */
  formatWait(seconds: number): string
}

function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'de'
}

// Storage access throws in sandboxed or third-party iframes (the chat widget), not just outside a browser.
function readStoredLocale(): Locale | null {
  try {
    const stored = globalThis.localStorage?.getItem(storageKey)
    return isLocale(stored) ? stored : null
  } catch {
    return null
  }
}

function storeLocale(locale: Locale): void {
  try {
    globalThis.localStorage?.setItem(storageKey, locale)
  } catch {
    // The choice still holds for this page; it just won't survive a reload.
  }
}

export function detectLocale(): Locale {
  const stored = readStoredLocale()
  if (stored) return stored
  const language = globalThis.navigator?.language ?? ''
  return language.toLowerCase().startsWith('de') ? 'de' : 'en'
}

function applyDocumentLanguage(locale: Locale): void {
  if (globalThis.document?.documentElement) globalThis.document.documentElement.lang = locale
}

export function interpolate(template: string, params?: TranslationParams): string {
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    name in params ? String(params[name]) : placeholder,
  )
}

/** A template cut at its placeholders: text, then `{ value }` for each filled-in one, in order. */
export function interpolateParts(
  template: string,
  params: TranslationParams,
): Array<string | { value: string }> {
  // split with a capture group alternates: text, placeholder name, text, …
  return template
    .split(/\{(\w+)\}/)
    .map((piece, index) => {
      if (index % 2 === 0) return piece
      return piece in params ? { value: String(params[piece]) } : `{${piece}}`
    })
    .filter((part) => part !== '')
}

/** What <bdi> is for: text of unknown direction inside a sentence. */
export function isolate(text: string): HTMLElement {
  const element = document.createElement('bdi')
  element.textContent = text
  return element
}

// An empty entry is a translation nobody wrote yet, not a wish to show nothing.
function lookup(dict: Dictionary, key: string): string | undefined {
  const value = Object.hasOwn(dict, key) ? dict[key] : undefined
  return value ? value : undefined
}

const daySeconds = 24 * 60 * 60

export function createI18n<D extends Dictionary>(dicts: { en: D; de: Record<keyof D, string> }): I18n<D> {
  const [locale, setLocaleSignal] = createSignal<Locale>(detectLocale())
  applyDocumentLanguage(locale())

  const formatters = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat>()
  function dateFormat(options: Intl.DateTimeFormatOptions, id: string): Intl.DateTimeFormat {
    const key = `${locale()}:${id}`
    let format = formatters.get(key) as Intl.DateTimeFormat | undefined
    if (!format) {
      format = new Intl.DateTimeFormat(locale(), options)
      formatters.set(key, format)
    }
    return format
  }
  function relativeFormat(numeric: 'auto' | 'always' = 'auto'): Intl.RelativeTimeFormat {
    const key = `${locale()}:relative-${numeric}`
    let format = formatters.get(key) as Intl.RelativeTimeFormat | undefined
    if (!format) {
      format = new Intl.RelativeTimeFormat(locale(), { numeric })
      formatters.set(key, format)
    }
    return format
  }

  function formatTime(date: Date, now = new Date()): string {
    if (date.toDateString() === now.toDateString()) {
      return dateFormat({ hour: '2-digit', minute: '2-digit' }, 'time').format(date)
    }
    const sameYear = date.getFullYear() === now.getFullYear()
    return sameYear
      ? dateFormat(
          { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
          'date-time',
        ).format(date)
      : dateFormat({ dateStyle: 'medium', timeStyle: 'short' }, 'full').format(date)
  }

  function formatRelative(date: Date, now = new Date()): string {
    const seconds = Math.round((date.getTime() - now.getTime()) / 1000)
    const abs = Math.abs(seconds)
    const format = relativeFormat()
    if (abs < 45) return format.format(0, 'second')
    if (abs < 45 * 60) return format.format(Math.round(seconds / 60), 'minute')
    if (abs < 22 * 60 * 60) return format.format(Math.round(seconds / 3600), 'hour')
    if (abs < 7 * daySeconds) return format.format(Math.round(seconds / daySeconds), 'day')
    return dateFormat({ dateStyle: 'medium' }, 'date').format(date)
  }

  function formatWait(seconds: number): string {
    // 'always': "in 0 seconds" would read better as "now" with 'auto', but a wait is never zero.
    const format = relativeFormat('always')
    if (seconds <= 60) return format.format(Math.max(1, Math.ceil(seconds)), 'second')
    return format.format(Math.ceil(seconds / 60), 'minute')
  }

  function template(key: string): string {
    return lookup(dicts[locale()], key) ?? lookup(dicts.en, key) ?? key
  }

  return {
    locale,
    setLocale(next) {
      setLocaleSignal(next)
      storeLocale(next)
      applyDocumentLanguage(next)
    },
    t(key, params) {
      return interpolate(template(key), params)
    },
    tIsolated(key, params) {
      return interpolateParts(template(key), params).map((part) =>
        typeof part === 'string' ? part : isolate(part.value),
      )
    },
    formatTime,
    formatRelative,
    formatWait,
  }
}
