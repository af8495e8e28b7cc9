import { createAsync, useAction, useNavigate, useSearchParams, useSubmission } from '@solidjs/router'
import { createSignal, ErrorBoundary, Show } from 'solid-js'
import { AuthCard } from '../components/AuthCard.tsx'
import { NewPasswordFields, newPasswordOf } from '../components/NewPasswordFields.tsx'
import { acceptInvite, getInvitation } from '../data/auth.data.ts'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'

/** Where an invited agent lands from their set-password link: choose a password, and be signed in. */
export default function InvitePage() {
  const navigate = useNavigate()
  const [params] = useSearchParams<{ token?: string }>()
  const token = () => params.token ?? ''
  const invitation = createAsync(() => getInvitation(token()))
  const submit = useAction(acceptInvite)
  const submission = useSubmission(acceptInvite)
  const [error, setError] = createSignal<string | null>(null)

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    const password = newPasswordOf(form)
    if (password === null) {
      setError(t('invite.mismatch'))
      return
    }
    setError(null)
    try {
      await submit({ token: token(), password })
      navigate('/', { replace: true })
    } catch (caught) {
      setError(errorMessage(caught))
    }
  }

  return (
    <ErrorBoundary
      fallback={(caught) => (
        <main class="auth-page">
          <div class="auth-card">
            <h1>{t('invite.invalidTitle')}</h1>
            <p class="auth-subtitle" role="alert">
              {errorMessage(caught)}
            </p>
          </div>
        </main>
      )}
    >
      <Show when={invitation()}>
        {(invited) => (
          <AuthCard
            title={t('invite.title', { name: invited().name })}
            subtitle={t('invite.subtitle', { email: invited().email })}
            submitLabel={t('invite.submit')}
            pending={submission.pending}
            error={error()}
            onSubmit={onSubmit}
          >
            {/* For password managers: the account the new password belongs to. */}
            <input type="hidden" name="username" autocomplete="username" value={invited().email} />
            <NewPasswordFields />
          </AuthCard>
        )}
      </Show>
    </ErrorBoundary>
  )
}
