import { t } from '../i18n/index.ts'

export function Loading(props: { fullPage?: boolean }) {
  return (
    <div class="loading" classList={{ 'loading--page': props.fullPage }} role="status">
      <span class="spinner" aria-hidden="true" />
      <span>{t('app.loading')}</span>
    </div>
  )
}
