import { type Locale, locale, setLocale, t } from '../i18n/index.ts'

export function LanguageSwitch() {
  return (
    <select
      class="language-switch"
      aria-label={t('header.language')}
      value={locale()}
      onChange={(event) => setLocale(event.currentTarget.value as Locale)}
    >
      <option value="en" lang="en">
        EN
      </option>
      <option value="de" lang="de">
        DE
      </option>
    </select>
  )
}
