import { createAsync, useAction, useNavigate, useSearchParams, useSubmission } from '@solidjs/router'
import { createEffect, createSignal, onMount } from 'solid-js'
import { AuthCard } from '../components/AuthCard.tsx'
import { getMe, getSetupNeeded, signIn } from '../data/auth.data.ts'
import { t } from '../i18n/index.ts'
import { errorCode, errorMessage } from '../lib/errors.ts'

export default function LoginPage() {
  const navigate = useNavigate()
  const [params] = useSearchParams<{ next?: string }>()
  // Only a path inside the app: an absolute or protocol-relative URL would make this an open redirect.
  const next = () => (params.next && /^\/(?![/\\])/.test(params.next) ? params.next : '/')
  const me = createAsync(() => getMe())
  const setupNeeded = createAsync(() => getSetupNeeded())
  const submit = useAction(signIn)
  const submission = useSubmission(signIn)
  const [error, setError] = createSignal<unknown>()
  let emailField!: HTMLInputElement
  // The page has one job: the cursor waits where it starts.
  onMount(() => emailField.focus())

  createEffect(() => {
    if (me()) navigate(next(), { replace: true })
    else if (setupNeeded()) navigate('/setup', { replace: true })
  })

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    setError(undefined)
    try {
      await submit({ email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') })
      navigate(next(), { replace: true })
    } catch (caught) {
      setError(caught)
    }
  }

  // A wrong email or password gets one sentence that does not say which of the two was wrong.
  const failure = () => {
    const caught = error()
    if (!caught) return null
    return errorCode(caught) === 'UNAUTHORIZED' ? t('login.failed') : errorMessage(caught)
  }

  return (
    <AuthCard
      title={t('login.title')}
      subtitle={t('login.subtitle')}
      submitLabel={t('login.submit')}
      pending={submission.pending}
      error={failure()}
      onSubmit={onSubmit}
    >
      <label class="field">
        <span>{t('login.email')}</span>
        <input ref={emailField} name="email" type="email" autocomplete="username" required />
      </label>
      <label class="field">
        <span>{t('login.password')}</span>
        <input name="password" type="password" autocomplete="current-password" required />
      </label>
    </AuthCard>
  )
}
