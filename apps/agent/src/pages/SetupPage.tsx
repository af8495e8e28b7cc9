import { createAsync, useAction, useNavigate, useSearchParams, useSubmission } from '@solidjs/router'
import { createEffect, createSignal, Show } from 'solid-js'
import { AuthCard } from '../components/AuthCard.tsx'
import { getMe, getSetupNeeded, setUp } from '../data/auth.data.ts'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'

export default function SetupPage() {
  const navigate = useNavigate()
  const [params] = useSearchParams<{ token?: string }>()
  const me = createAsync(() => getMe())
  const setupNeeded = createAsync(() => getSetupNeeded())
  const submit = useAction(setUp)
  const submission = useSubmission(setUp)
  const [error, setError] = createSignal<unknown>()

  createEffect(() => {
    if (me()) navigate('/', { replace: true })
    else if (setupNeeded() === false) navigate('/login', { replace: true })
  })

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    const field = (name: string) => String(form.get(name) ?? '')
    setError(undefined)
    try {
      await submit({
        token: params.token ?? field('token'),
        name: field('name'),
        email: field('email'),
        password: field('password'),
      })
      navigate('/', { replace: true })
    } catch (caught) {
      setError(caught)
    }
  }

  return (
    <AuthCard
      title={t('setup.title')}
      subtitle={t('setup.subtitle')}
      submitLabel={t('setup.submit')}
      pending={submission.pending}
      error={error() ? errorMessage(error()) : null}
      onSubmit={onSubmit}
    >
      <Show when={!params.token}>
        <label class="field">
          <span>{t('setup.token')}</span>
          <input name="token" autocomplete="off" required />
        </label>
      </Show>
      <label class="field">
        <span>{t('setup.name')}</span>
        <input name="name" autocomplete="name" required />
      </label>
      <label class="field">
        <span>{t('setup.email')}</span>
        <input name="email" type="email" autocomplete="username" required />
      </label>
      <label class="field">
        <span>{t('setup.password')}</span>
        <input name="password" type="password" autocomplete="new-password" required />
      </label>
    </AuthCard>
  )
}
