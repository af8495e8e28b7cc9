/** The public help pages' words, English and German (the apps' i18n is for the browser; these render on the server). */
export type KbLocale = 'en' | 'de'

const en = {
  title: 'Help center',
  intro: 'Answers to common questions.',
  search: 'Search',
  searchPlaceholder: 'Search articles…',
  searchSubmit: 'Search',
  resultsFor: 'Articles matching “{q}”',
  noResults: 'No article matches “{q}”.',
  empty: 'There are no articles yet.',
  general: 'General',
  allArticles: 'All articles',
  updated: 'Updated {date}',
  notFoundTitle: 'Article not found',
  notFoundText: 'There is no article at this address. It may have been moved or unpublished.',
  unavailableTitle: 'Help center unavailable',
  unavailableText: 'The articles cannot be loaded right now. Please try again in a moment.',
  language: 'Language',
  tooManyTitle: 'Too many searches',
  tooManyText: 'Please wait a minute before searching again. Browsing the articles still works.',
} as const

export type KbStringKey = keyof typeof en

const de: Record<KbStringKey, string> = {
  title: 'Hilfe-Center',
  intro: 'Antworten auf häufige Fragen.',
  search: 'Suchen',
  searchPlaceholder: 'Artikel durchsuchen…',
  searchSubmit: 'Suchen',
  resultsFor: 'Artikel zu „{q}“',
  noResults: 'Kein Artikel passt zu „{q}“.',
  empty: 'Es gibt noch keine Artikel.',
  general: 'Allgemein',
  allArticles: 'Alle Artikel',
  updated: 'Aktualisiert am {date}',
  notFoundTitle: 'Artikel nicht gefunden',
  notFoundText:
    'Unter dieser Adresse gibt es keinen Artikel. Vielleicht wurde er verschoben oder zurückgezogen.',
  unavailableTitle: 'Hilfe-Center nicht erreichbar',
  unavailableText:
    'Die Artikel können gerade nicht geladen werden. Bitte versuchen Sie es gleich noch einmal.',
  language: 'Sprache',
  tooManyTitle: 'Zu viele Suchanfragen',
  tooManyText: 'Bitte warten Sie eine Minute, bevor Sie erneut suchen. Die Artikel können Sie weiter lesen.',
}

const dictionaries: Record<KbLocale, Record<KbStringKey, string>> = { en, de }

/** Parameters are plain text: the caller escapes the result. */
export function kbText(locale: KbLocale, key: KbStringKey, params: Record<string, string> = {}): string {
  return dictionaries[locale][key].replace(/\{(\w+)\}/g, (match, name: string) => params[name] ?? match)
}

/**
 * `?lang=` wins (a reader's explicit choice, and how the language links work without cookies or scripts),
 * then Accept-Language by its q-values, then English.
 */
export function kbLocaleOf(langParam: string | null, acceptLanguage: string | undefined): KbLocale {
  if (langParam === 'de' || langParam === 'en') return langParam
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      const weight = q ? Number(q.slice(2)) : 1
      return { tag: tag.trim().toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index }
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
  for (const { tag } of ranked) {
    if (tag === 'de' || tag.startsWith('de-')) return 'de'
    if (tag === 'en' || tag.startsWith('en-')) return 'en'
  }
  return 'en'
}
