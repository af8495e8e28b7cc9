import { LanguageSwitch } from '@parley/ui'
import { type JSX, Show } from 'solid-js'
import { t } from '../i18n/index.ts'

/** The frame of the pages before signing in: the brand, a heading, one form, the language switch. */
export function AuthCard(props: {
  title: string
  subtitle: string
  submitLabel: string
  pending: boolean | undefined
  /** Shown above the button, announced as an alert. */
  error: string | null
  onSubmit: (event: SubmitEvent) => void
  children: JSX.Element
}) {
  return (
    <main class="auth-page">
      <div class="auth-card">
        <div class="auth-brand" aria-hidden="true">
          <span class="brand-mark">P</span>
          <span>{t('app.name')}</span>
        </div>
        <h1>{props.title}</h1>
        <p class="auth-subtitle">{props.subtitle}</p>
        <form class="form" onSubmit={(event) => props.onSubmit(event)}>
          {props.children}
          <Show when={props.error}>
            {(message) => (
              <p class="form-error" role="alert">
                {message()}
              </p>
            )}
          </Show>
          <button type="submit" class="button button--primary button--block" disabled={props.pending}>
            {props.submitLabel}
          </button>
        </form>
      </div>
      <div class="auth-footer">
        <LanguageSwitch />
      </div>
    </main>
  )
}
