// What the agent inbox and the customer chat show the same way: icons, the language switch, the loading
// and error states, the clock for relative times, and (in base.css) the resets and rules beneath both
// apps' own styles. Each app provides its language through UiLanguageContext and merges uiStrings.

export { now } from './clock.ts'
export { ErrorPanel } from './ErrorPanel.tsx'
export * from './Icon.tsx'
export { LanguageSwitch } from './LanguageSwitch.tsx'
export { Loading } from './Loading.tsx'
export { uiStrings } from './strings.ts'
export { type UiLanguage, UiLanguageContext, type UiStringKey, useUiLanguage } from './ui-language.context.ts'
