import type { Locale } from '@parley/i18n'
import { useUiLanguage } from './ui-language.context.ts'

export function LanguageSwitch() {
  const language = useUiLanguage()
  return (
    <select
      class="language-switch"
      aria-label={language.t('ui.language')}
      value={language.locale()}
      onChange={(event) => language.setLocale(event.currentTarget.value as Locale)}
    >
      {/* Each choice in its own language, so a screen reader says "DE" the German way. */}
      <option value="en" lang="en">
        EN
      </option>
      <option value="de" lang="de">
        DE
      </option>
    </select>
  )
}
