import { createAsync, useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { getOrganisation, renameOrganisation } from '../data/team.data.ts'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'
import { FormFeedback } from './FormFeedback.tsx'

export function SettingsOrganisation() {
  const organisation = createAsync(() => getOrganisation())
  const rename = useAction(renameOrganisation)
  const [feedback, setFeedback] = createSignal<{ error?: string; done?: string }>({})

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault()
    const name = String(new FormData(event.currentTarget as HTMLFormElement).get('name') ?? '')
    try {
      await rename(name)
      setFeedback({ done: t('settings.saved') })
    } catch (caught) {
      setFeedback({ error: errorMessage(caught) })
    }
  }

  return (
    <section class="settings-section" aria-labelledby="settings-organisation">
      <h3 id="settings-organisation">{t('settings.organisation')}</h3>
      <Show when={organisation()}>
        {(current) => (
          <form class="form settings-inline-form" onSubmit={onSubmit}>
            <label class="field">
              <span>{t('settings.organisationName')}</span>
              <input name="name" maxLength={100} required value={current().name} />
            </label>
            <button type="submit" class="button">
              {t('settings.save')}
            </button>
            <FormFeedback {...feedback()} />
          </form>
        )}
      </Show>
    </section>
  )
}
