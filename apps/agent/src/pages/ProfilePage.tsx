import { useAction, useSubmission } from '@solidjs/router'
import { createSignal, For, onMount, Show } from 'solid-js'
import { ProfileAlertsForm } from '../components/ProfileAlertsForm.tsx'
import { ProfilePasswordForm } from '../components/ProfilePasswordForm.tsx'
import { setProfile } from '../data/auth.data.ts'
import { type MessageKey, t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'
import { avatarClass, initials } from '../lib/format.ts'
import { useMe } from '../lib/me.context.ts'
import type { AvatarColour } from '../lib/trpc.client.ts'

/** The server's palette (AVATAR_COLOURS), in the order it is offered, each with its name. */
const colourNames = {
  blue: 'profile.colourBlue',
  green: 'profile.colourGreen',
  purple: 'profile.colourPurple',
  orange: 'profile.colourOrange',
  teal: 'profile.colourTeal',
  red: 'profile.colourRed',
  pink: 'profile.colourPink',
  slate: 'profile.colourSlate',
} as const satisfies Record<AvatarColour, MessageKey>
const colours = Object.keys(colourNames) as AvatarColour[]

/** How colleagues and customers see this agent: their display name and avatar colour. */
export default function ProfilePage() {
  const me = useMe()
  const save = useAction(setProfile)
  const submission = useSubmission(setProfile)
  const [name, setName] = createSignal(me().name)
  const [colour, setColour] = createSignal<AvatarColour>(me().colour)
  const [error, setError] = createSignal<string | null>(null)
  const [saved, setSaved] = createSignal(false)
  let nameField!: HTMLInputElement
  onMount(() => nameField.focus())

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault()
    setSaved(false)
    if (!name().trim()) {
      setError(t('profile.nameRequired'))
      nameField.focus()
      return
    }
    setError(null)
    try {
      const agent = await save({ name: name(), colour: colour() })
      setName(agent.name)
      setSaved(true)
    } catch (caught) {
      setError(errorMessage(caught))
    }
  }

  return (
    <div class="profile-page">
      <h2 id="profile-title">{t('profile.title')}</h2>
      <p class="profile-intro">{t('profile.intro')}</p>
      <form class="form profile-form" aria-labelledby="profile-title" onSubmit={onSubmit} novalidate>
        <label class="field">
          <span>{t('profile.name')}</span>
          <input
            ref={nameField}
            name="name"
            type="text"
            autocomplete="name"
            maxLength={80}
            required
            value={name()}
            onInput={(event) => {
              setSaved(false)
              setName(event.currentTarget.value)
            }}
          />
        </label>
        <fieldset class="colour-picker">
          <legend>{t('profile.colour')}</legend>
          <div class="colour-options">
            <For each={colours}>
              {(option) => (
                <label class="colour-option">
                  <input
                    type="radio"
                    name="colour"
                    value={option}
                    checked={colour() === option}
                    onChange={() => {
                      setSaved(false)
                      setColour(option)
                    }}
                  />
                  <span class={avatarClass(option)} aria-hidden="true">
                    {initials(name() || me().name)}
                  </span>
                  <span>{t(colourNames[option])}</span>
                </label>
              )}
            </For>
          </div>
        </fieldset>
        <Show when={error()}>
          {(message) => (
            <p class="form-error" role="alert">
              {message()}
            </p>
          )}
        </Show>
        <div class="profile-actions">
          <button type="submit" class="button button--primary" disabled={submission.pending}>
            {t('profile.save')}
          </button>
          <p class="profile-saved" role="status">
            {saved() ? t('profile.saved') : ''}
          </p>
        </div>
      </form>
      <ProfileAlertsForm />
      <ProfilePasswordForm />
    </div>
  )
}
