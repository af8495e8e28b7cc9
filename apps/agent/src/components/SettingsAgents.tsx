import { createAsync, useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import {
  deactivateAgent,
  getTeamAgents,
  inviteAgent,
  reactivateAgent,
  renewInvite,
  setAgentRole,
  setAgentSupport,
} from '../data/team.data.ts'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'
import { useMe } from '../lib/me.context.ts'
import { FormFeedback } from './FormFeedback.tsx'

type Role = 'admin' | 'agent'

/** Who works here: invite by set-password link, role, rule 9's support flag, deactivate. */
export function SettingsAgents() {
  const me = useMe()
  const agents = createAsync(() => getTeamAgents())
  const invite = useAction(inviteAgent)
  const renew = useAction(renewInvite)
  const setRole = useAction(setAgentRole)
  const setSupport = useAction(setAgentSupport)
  const deactivate = useAction(deactivateAgent)
  const reactivate = useAction(reactivateAgent)
  const [feedback, setFeedback] = createSignal<{ error?: string; done?: string }>({})
  const [link, setLink] = createSignal<{ name: string; url: string } | null>(null)

  /** Runs an admin action and reports its refusal in words (the last admin, oneself, …). */
  const attempt = async (work: () => Promise<unknown>) => {
    setFeedback({})
    try {
      await work()
      setFeedback({ done: t('settings.saved') })
    } catch (caught) {
      setFeedback({ error: errorMessage(caught) })
    }
  }

  const showLink = (name: string, invitePath: string) =>
    setLink({ name, url: new URL(invitePath, window.location.origin).href })

  const onInvite = async (event: SubmitEvent) => {
    event.preventDefault()
    const formElement = event.currentTarget as HTMLFormElement
    const form = new FormData(formElement)
    const name = String(form.get('name') ?? '')
    await attempt(async () => {
      const { invitePath } = await invite({
        name,
        email: String(form.get('email') ?? ''),
        role: form.get('role') === 'admin' ? 'admin' : 'agent',
        support: form.get('support') === 'on',
      })
      formElement.reset()
      showLink(name, invitePath)
    })
  }

  return (
    <section class="settings-section" aria-labelledby="settings-agents">
      <h3 id="settings-agents">{t('settings.agents')}</h3>
      <table class="settings-table">
        <thead>
          <tr>
            <th scope="col">{t('settings.name')}</th>
            <th scope="col">{t('settings.role')}</th>
            <th scope="col">{t('settings.support')}</th>
            <th scope="col">{t('settings.status')}</th>
            <th scope="col">
              <span class="sr-only">{t('settings.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={agents()}>
            {(agent) => (
              <tr classList={{ 'settings-row--inactive': agent.status === 'deactivated' }}>
                <th scope="row">
                  <bdi>{agent.name}</bdi>
                  <span class="settings-email">{agent.email}</span>
                </th>
                <td>
                  <select
                    aria-label={t('settings.roleOf', { name: agent.name })}
                    value={agent.role}
                    onChange={(event) => {
                      const role = event.currentTarget.value as Role
                      const select = event.currentTarget
                      void attempt(() => setRole(agent.id, role)).then(() => {
                        select.value = agents()?.find((entry) => entry.id === agent.id)?.role ?? role
                      })
                    }}
                  >
                    <option value="agent">{t('settings.roleAgent')}</option>
                    <option value="admin">{t('settings.roleAdmin')}</option>
                  </select>
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('settings.supportOf', { name: agent.name })}
                    checked={agent.support}
                    onChange={(event) =>
                      void attempt(() => setSupport(agent.id, event.currentTarget.checked))
                    }
                  />
                </td>
                <td>{t(`settings.status.${agent.status}`)}</td>
                <td class="settings-actions">
                  <Show when={agent.status !== 'deactivated'}>
                    <button
                      type="button"
                      class="button button--small"
                      aria-label={t('settings.newLinkFor', { name: agent.name })}
                      onClick={() =>
                        void attempt(async () => showLink(agent.name, (await renew(agent.id)).invitePath))
                      }
                    >
                      {t('settings.newLink')}
                    </button>
                  </Show>
                  <Show
                    when={agent.status === 'deactivated'}
                    fallback={
                      <Show when={agent.id !== me().id}>
                        <button
                          type="button"
                          class="button button--small button--danger"
                          aria-label={t('settings.deactivateAgent', { name: agent.name })}
                          onClick={() => void attempt(() => deactivate(agent.id))}
                        >
                          {t('settings.deactivate')}
                        </button>
                      </Show>
                    }
                  >
                    <button
                      type="button"
                      class="button button--small"
                      aria-label={t('settings.reactivateAgent', { name: agent.name })}
                      onClick={() => void attempt(() => reactivate(agent.id))}
                    >
                      {t('settings.reactivate')}
                    </button>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <FormFeedback {...feedback()} />
      <Show when={link()}>
        {(shown) => (
          <div class="settings-invite-link">
            <label class="field">
              <span>{t('settings.inviteLinkFor', { name: shown().name })}</span>
              <input readOnly value={shown().url} onFocus={(event) => event.currentTarget.select()} />
            </label>
            <p class="settings-hint">{t('settings.inviteLinkHint')}</p>
            <button
              type="button"
              class="button button--small"
              onClick={() => void navigator.clipboard?.writeText(shown().url)}
            >
              {t('settings.copyLink')}
            </button>
          </div>
        )}
      </Show>
      <form class="form settings-invite" aria-labelledby="settings-invite" onSubmit={onInvite}>
        <h4 id="settings-invite">{t('settings.invite')}</h4>
        <label class="field">
          <span>{t('settings.name')}</span>
          <input name="name" maxLength={80} autocomplete="off" required />
        </label>
        <label class="field">
          <span>{t('settings.email')}</span>
          <input name="email" type="email" maxLength={254} autocomplete="off" required />
        </label>
        <label class="field">
          <span>{t('settings.role')}</span>
          <select name="role">
            <option value="agent">{t('settings.roleAgent')}</option>
            <option value="admin">{t('settings.roleAdmin')}</option>
          </select>
        </label>
        <label class="checkbox-field">
          <input type="checkbox" name="support" checked />
          <span>{t('settings.support')}</span>
        </label>
        <button type="submit" class="button button--primary">
          {t('settings.inviteSubmit')}
        </button>
      </form>
    </section>
  )
}
