import { useUiLanguage } from './ui-language.context.ts'

export function Loading(props: { fullPage?: boolean }) {
  const language = useUiLanguage()
  return (
    <div class="loading" classList={{ 'loading--page': props.fullPage }} role="status">
      <span class="spinner" aria-hidden="true" />
      <span>{language.t('ui.loading')}</span>
    </div>
  )
}
