import { useAction } from '@solidjs/router'
import { createSignal } from 'solid-js'
import { setAlerts } from '../data/auth.data.ts'
import { t } from '../i18n/index.ts'
import { allowNotifications, chime, notificationsSupported } from '../lib/alerts.ts'
import { errorMessage } from '../lib/errors.ts'
import { useMe } from '../lib/me.context.ts'
import { FormFeedback } from './FormFeedback.tsx'

/**
 * Opt-in alerts, saved at once on each tick. Turning desktop notifications on asks the browser from that
 * click; turning sound on plays it once, which also lets a background tab play it later.
 */
export function ProfileAlertsForm() {
  const me = useMe()
  const save = useAction(setAlerts)
  const [feedback, setFeedback] = createSignal<{ error?: string; done?: string }>({})

  const change = async (next: { desktop: boolean; sound: boolean }, box: HTMLInputElement) => {
    setFeedback({})
    if (next.desktop && !me().alerts.desktop) {
      if (!notificationsSupported()) {
        box.checked = false
        return setFeedback({ error: t('alerts.unsupported') })
      }
      if (!(await allowNotifications())) {
        box.checked = false
        return setFeedback({ error: t('alerts.denied') })
      }
    }
    if (next.sound && !me().alerts.sound) chime()
    try {
      await save(next)
      setFeedback({ done: t('alerts.saved') })
    } catch (caught) {
      box.checked = !box.checked
      setFeedback({ error: errorMessage(caught) })
    }
  }

  return (
    <form
      class="form profile-form"
      aria-labelledby="alerts-title"
      onSubmit={(event) => event.preventDefault()}
    >
      <h3 id="alerts-title">{t('alerts.title')}</h3>
      <p class="profile-intro">{t('alerts.intro')}</p>
      <label class="checkbox-field">
        <input
          type="checkbox"
          checked={me().alerts.desktop}
          onChange={(event) =>
            change({ ...me().alerts, desktop: event.currentTarget.checked }, event.currentTarget)
          }
        />
        <span>{t('alerts.desktop')}</span>
      </label>
      <label class="checkbox-field">
        <input
          type="checkbox"
          checked={me().alerts.sound}
          onChange={(event) =>
            change({ ...me().alerts, sound: event.currentTarget.checked }, event.currentTarget)
          }
        />
        <span>{t('alerts.sound')}</span>
      </label>
      <FormFeedback {...feedback()} />
    </form>
  )
}
