import { createAsync, useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { getHelpdesk, setHelpdesk } from '../data/team.data.ts'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'
import { FormFeedback } from './FormFeedback.tsx'
import { SettingsPrechatForm } from './SettingsPrechatForm.tsx'

/**
 * The helpdesk switch: off, the chat page says the team is offline whoever is signed in; on, it is online
 * while someone who answers customers has the inbox open. Both states can carry the admin's own words.
 * Below it, what the chat page asks a first-time visitor.
 */
export function SettingsHelpdesk() {
  const helpdesk = createAsync(() => getHelpdesk())
  const save = useAction(setHelpdesk)
  const [feedback, setFeedback] = createSignal<{ error?: string; done?: string }>({})

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    try {
      await save({
        on: form.get('on') === 'on',
        onlineMessage: String(form.get('onlineMessage') ?? ''),
        offlineMessage: String(form.get('offlineMessage') ?? ''),
      })
      setFeedback({ done: t('settings.saved') })
    } catch (caught) {
      setFeedback({ error: errorMessage(caught) })
    }
  }

  return (
    <section class="settings-section" aria-labelledby="settings-helpdesk">
      <h3 id="settings-helpdesk">{t('helpdesk.title')}</h3>
      <p class="settings-hint">{t('helpdesk.intro')}</p>
      <Show when={helpdesk()}>
        {(current) => (
          <form class="form" aria-labelledby="settings-helpdesk" onSubmit={onSubmit}>
            <label class="checkbox-field">
              <input type="checkbox" name="on" checked={current().on} />
              <span>{t('helpdesk.on')}</span>
            </label>
            <label class="field">
              <span>{t('helpdesk.onlineMessage')}</span>
              <input
                name="onlineMessage"
                maxLength={300}
                value={current().onlineMessage}
                placeholder={t('helpdesk.onlineDefault')}
              />
            </label>
            <label class="field">
              <span>{t('helpdesk.offlineMessage')}</span>
              <input
                name="offlineMessage"
                maxLength={300}
                value={current().offlineMessage}
                placeholder={t('helpdesk.offlineDefault')}
              />
            </label>
            <div>
              <button type="submit" class="button">
                {t('helpdesk.save')}
              </button>
            </div>
            <FormFeedback {...feedback()} />
          </form>
        )}
      </Show>
      <SettingsPrechatForm />
    </section>
  )
}
