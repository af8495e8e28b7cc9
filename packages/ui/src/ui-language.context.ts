import type { Locale } from '@parley/i18n'
import { type Accessor, createContext, useContext } from 'solid-js'
import type { uiStrings } from './strings.ts'

export type UiStringKey = keyof typeof uiStrings.en

/** What the kit needs from the app around it: the app's dictionary (which holds `uiStrings`) and its locale. */
export interface UiLanguage {
  t(key: UiStringKey): string
  locale: Accessor<Locale>
  setLocale(locale: Locale): void
}

/**
 * Each app provides its language once, at its root, instead of handing words to every `<Loading />`: the
 * kit's components sit in every Suspense and error fallback of both apps.
 */
export const UiLanguageContext = createContext<UiLanguage>()

export function useUiLanguage(): UiLanguage {
  const language = useContext(UiLanguageContext)
  if (!language) throw new Error('A @parley/ui component is rendered outside <UiLanguageContext.Provider>')
  return language
}
