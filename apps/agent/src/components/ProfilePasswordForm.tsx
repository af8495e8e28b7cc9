import { useAction, useSubmission } from '@solidjs/router'
import { createSignal } from 'solid-js'
import { changePassword } from '../data/auth.data.ts'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'
import { FormFeedback } from './FormFeedback.tsx'
import { NewPasswordFields, newPasswordOf } from './NewPasswordFields.tsx'

/** A new password ends every other session of this agent (a lost laptop, a shared computer). */
export function ProfilePasswordForm() {
  const change = useAction(changePassword)
  const submission = useSubmission(changePassword)
  const [feedback, setFeedback] = createSignal<{ error?: string; done?: string }>({})

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault()
    const formElement = event.currentTarget as HTMLFormElement
    const form = new FormData(formElement)
    const newPassword = newPasswordOf(form)
    if (newPassword === null) {
      setFeedback({ error: t('invite.mismatch') })
      return
    }
    setFeedback({})
    try {
      await change({ currentPassword: String(form.get('current') ?? ''), newPassword })
      formElement.reset()
      setFeedback({ done: t('password.changed') })
    } catch (caught) {
      setFeedback({ error: errorMessage(caught) })
    }
  }

  return (
    <form class="form profile-form" aria-labelledby="password-title" onSubmit={onSubmit}>
      <h3 id="password-title">{t('password.title')}</h3>
      <label class="field">
        <span>{t('password.current')}</span>
        <input name="current" type="password" autocomplete="current-password" required />
      </label>
      <NewPasswordFields />
      <div class="profile-actions">
        <button type="submit" class="button" disabled={submission.pending}>
          {t('password.submit')}
        </button>
      </div>
      <FormFeedback {...feedback()} />
    </form>
  )
}
