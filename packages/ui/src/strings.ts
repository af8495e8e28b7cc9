/**
 * The words of the UI kit in both apps, merged into each app's dictionary (`...uiStrings.en`), so the
 * language switch, "Loading…" and "Try again" read the same to a customer and an agent.
 */
export const uiStrings = {
  en: {
    'ui.language': 'Language',
    'ui.loading': 'Loading…',
    'ui.retry': 'Try again',
  },
  de: {
    'ui.language': 'Sprache',
    'ui.loading': 'Wird geladen…',
    'ui.retry': 'Erneut versuchen',
  },
} as const satisfies Record<'en' | 'de', Record<string, string>>
