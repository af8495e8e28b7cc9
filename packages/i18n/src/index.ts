export {
  createI18n,
  type Dictionary,
  detectLocale,
  type I18n,
  interpolate,
  interpolateParts,
  isolate,
  type Locale,
  locales,
  type TranslationParams,
} from './create-i18n.ts'
