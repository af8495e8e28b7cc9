import { Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'

export function ErrorPanel(props: { error: unknown; onRetry?: () => void; fullPage?: boolean }) {
  return (
    <div class="error-panel" classList={{ 'error-panel--page': props.fullPage }}>
      <p role="alert">{errorMessage(props.error)}</p>
      <Show when={props.onRetry}>
        {(retry) => (
          <button type="button" class="button" onClick={() => retry()()}>
            {t('app.retry')}
          </button>
        )}
      </Show>
    </div>
  )
}
