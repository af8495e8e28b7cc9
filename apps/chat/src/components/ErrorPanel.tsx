import { t } from '../i18n/index.ts'

export function ErrorPanel(props: { message: string; onRetry: () => void }) {
  return (
    <div class="error-panel" role="alert">
      <p>{props.message}</p>
      <button type="button" class="button button-secondary" onClick={() => props.onRetry()}>
        {t('app.retry')}
      </button>
    </div>
  )
}
