export {
  createI18n,
  type Dictionary,
  detectLocale,
  type I18n,
  interpolate,
  type Locale,
  locales,
  type TranslationParams,
} from './create-i18n.ts'
