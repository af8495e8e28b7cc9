import { createAsync, useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { createTeam, getTeamAgents, getTeams, renameTeam, setTeamMembers } from '../data/team.data.ts'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'
import { FormFeedback } from './FormFeedback.tsx'

/** Teams and their members: a team's queue is what its members see and may take (routing). */
export function SettingsTeams() {
  const teams = createAsync(() => getTeams())
  const agents = createAsync(() => getTeamAgents())
  const create = useAction(createTeam)
  const rename = useAction(renameTeam)
  const saveMembers = useAction(setTeamMembers)
  const [feedback, setFeedback] = createSignal<{ error?: string; done?: string }>({})

  const attempt = async (work: () => Promise<unknown>) => {
    setFeedback({})
    try {
      await work()
      setFeedback({ done: t('settings.saved') })
    } catch (caught) {
      setFeedback({ error: errorMessage(caught) })
    }
  }

  const onCreate = async (event: SubmitEvent) => {
    event.preventDefault()
    const formElement = event.currentTarget as HTMLFormElement
    const name = String(new FormData(formElement).get('name') ?? '')
    await attempt(async () => {
      await create(name)
      formElement.reset()
    })
  }

  return (
    <section class="settings-section" aria-labelledby="settings-teams">
      <h3 id="settings-teams">{t('settings.teams')}</h3>
      <Show when={teams()?.length === 0}>
        <p class="settings-hint">{t('settings.noTeams')}</p>
      </Show>
      <For each={teams()}>
        {(team) => (
          <form
            class="form settings-team"
            aria-label={team.name}
            onSubmit={(event) => {
              event.preventDefault()
              const form = new FormData(event.currentTarget)
              const name = String(form.get('name') ?? '')
              const members = form.getAll('member').map(String)
              void attempt(async () => {
                if (name !== team.name) await rename(team.id, name)
                await saveMembers(team.id, members)
              })
            }}
          >
            <label class="field">
              <span>{t('settings.teamName')}</span>
              <input name="name" maxLength={80} required value={team.name} />
            </label>
            <fieldset class="settings-members">
              <legend>{t('settings.members')}</legend>
              <For each={agents()?.filter((agent) => agent.status !== 'deactivated')}>
                {(agent) => (
                  <label class="checkbox-field">
                    <input
                      type="checkbox"
                      name="member"
                      value={agent.id}
                      checked={team.memberIds.includes(agent.id)}
                    />
                    <bdi>{agent.name}</bdi>
                  </label>
                )}
              </For>
            </fieldset>
            <button type="submit" class="button button--small">
              {t('settings.saveTeam')}
            </button>
          </form>
        )}
      </For>
      <FormFeedback {...feedback()} />
      <form class="form settings-inline-form" onSubmit={onCreate}>
        <label class="field">
          <span>{t('settings.newTeamName')}</span>
          <input name="name" maxLength={80} required />
        </label>
        <button type="submit" class="button">
          {t('settings.createTeam')}
        </button>
      </form>
    </section>
  )
}
