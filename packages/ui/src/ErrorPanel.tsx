import { Show } from 'solid-js'
import { useUiLanguage } from './ui-language.context.ts'

/**
 * A failure in words for people (each app translates its own errors) and, when trying again can help, the
 * button to. Only the message is the alert, so a screen reader does not read "Try again" into it.
 */
export function ErrorPanel(props: { message: string; onRetry?: () => void; fullPage?: boolean }) {
  const language = useUiLanguage()
  return (
    <div class="error-panel" classList={{ 'error-panel--page': props.fullPage }}>
      <p role="alert">{props.message}</p>
      <Show when={props.onRetry}>
        {(retry) => (
          <button type="button" class="button" onClick={() => retry()()}>
            {language.t('ui.retry')}
          </button>
        )}
      </Show>
    </div>
  )
}
