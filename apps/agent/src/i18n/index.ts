import type { AttachmentText } from '@parley/attachments'
import { createI18n, type Locale } from '@parley/i18n'
import type { UiLanguage } from '@parley/ui'
import { de } from './de.ts'
import { en, type MessageKey } from './en.ts'

export type { Locale, MessageKey }

// createI18n also keeps <html lang> in step with the locale, for screen readers.
export const { t, tIsolated, locale, setLocale, formatTime, formatRelative, formatWait } = createI18n({
  en,
  de,
})

export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(en, key)
}

/** The attachment components' words (`attachments.*`), in the current language. */
export const attachmentText: AttachmentText = (key, params) => t(`attachments.${key}`, params)

/** The UI kit's words (`ui.*`) and the locale its language switch sets. */
export const uiLanguage: UiLanguage = { t, locale, setLocale }
