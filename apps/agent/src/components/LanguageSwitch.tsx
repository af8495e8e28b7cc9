import { type Locale, locale, setLocale, t } from '../i18n/index.ts'

export function LanguageSwitch() {
  return (
    <select
      class="language-switch"
      aria-label={t('shell.language')}
      value={locale()}
      onChange={(event) => setLocale(event.currentTarget.value as Locale)}
    >
      <option value="en">EN</option>
      <option value="de">DE</option>
    </select>
  )
}
