import { BellIcon, BellOffIcon } from '@parley/ui'
import { createSignal, onMount, Show } from 'solid-js'
import { pushState, pushSupported, readPushState, turnPushOff, turnPushOn } from '../data/push.ts'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'

/** "Notify me of replies": a reply after the customer left reaches them as a notification (issue 10, part 6). */
export function PushOptIn() {
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string | null>(null)
  onMount(() => void readPushState().catch(() => undefined))

  const run = async (work: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await work()
    } catch (caught) {
      setError(errorMessage(caught))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Show when={pushSupported && (pushState() === 'off' || pushState() === 'on')}>
      <div class="push-opt-in">
        <Show
          when={pushState() === 'on'}
          fallback={
            <button type="button" class="link-button" disabled={busy()} onClick={() => void run(turnPushOn)}>
              <BellIcon size={16} />
              {t('push.turnOn')}
            </button>
          }
        >
          <span role="status">{t('push.on')}</span>
          <button type="button" class="link-button" disabled={busy()} onClick={() => void run(turnPushOff)}>
            <BellOffIcon size={16} />
            {t('push.turnOff')}
          </button>
        </Show>
        <Show when={error()}>
          {(message) => (
            <span class="form-error" role="alert">
              {message()}
            </span>
          )}
        </Show>
      </div>
    </Show>
  )
}
