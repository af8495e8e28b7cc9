import { t } from '../i18n/index.ts'

/** A new password typed twice (fields `new` and `repeat`): a typo is caught before it locks anyone out. */
export function NewPasswordFields() {
  return (
    <>
      <label class="field">
        <span>{t('password.new')}</span>
        <input name="new" type="password" autocomplete="new-password" minLength={8} required />
      </label>
      <label class="field">
        <span>{t('invite.repeat')}</span>
        <input name="repeat" type="password" autocomplete="new-password" minLength={8} required />
      </label>
    </>
  )
}

/** The two fields' values, or null when they differ. */
export function newPasswordOf(form: FormData): string | null {
  const password = String(form.get('new') ?? '')
  return password === String(form.get('repeat') ?? '') ? password : null
}
