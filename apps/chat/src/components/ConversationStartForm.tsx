import { useNavigate } from '@solidjs/router'
import { createEffect, createSignal, on, Show } from 'solid-js'
import { contact, failure, sessionEnded, startChat } from '../data/visitor.data.ts'
import { t } from '../i18n/index.ts'
import { newClientId } from '../lib/client-id.ts'
import { takeLeftoverDraft } from '../lib/leftover-draft.ts'

/**
 * The first message of a conversation, with the visitor's name and email for a first-time visitor;
 * `followsUp` is the closed ticket it continues.
 */
export function ConversationStartForm(props: {
  again?: boolean
  followsUp?: { id: string; number: number }
}) {
  const navigate = useNavigate()
  const [name, setName] = createSignal('')
  const [email, setEmail] = createSignal('')
  const [body, setBody] = createSignal(takeLeftoverDraft())
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string | null>(sessionEnded() ? t('error.sessionEnded') : null)
  // Kept across failed attempts, so a retry of a message the server did get is not posted twice.
  let clientId = newClientId()
  let messageField!: HTMLTextAreaElement
  let detailsEdited = false

  // A returning visitor's details arrive a moment after the form; fill them in unless already typed over.
  createEffect(
    on(contact, (known) => {
      if (!known || detailsEdited) return
      setName(known.name ?? '')
      setEmail(known.email ?? '')
    }),
  )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (busy()) return
    if (!body().trim()) {
      messageField.focus()
      return
    }
    setBusy(true)
    setError(null)
    try {
      const conversationId = await startChat({
        name: name(),
        email: email(),
        body: body(),
        clientId,
        followsUp: props.followsUp?.id,
      })
      clientId = newClientId()
      navigate(`/c/${conversationId}`)
    } catch (caught) {
      setError(failure(caught))
    } finally {
      setBusy(false)
    }
  }

  function onMessageKeyDown(event: KeyboardEvent) {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
      event.preventDefault()
      ;(event.currentTarget as HTMLTextAreaElement).form?.requestSubmit()
    }
  }

  return (
    <form class="start-form" onSubmit={submit} aria-labelledby="start-title">
      <div class="start-intro">
        <h2 id="start-title">{props.again ? t('start.newTitle') : t('start.title')}</h2>
        <p>
          {props.followsUp
            ? t('start.followUpIntro', { number: props.followsUp.number })
            : props.again
              ? t('start.newIntro')
              : t('start.intro')}
        </p>
      </div>

      <div class="field">
        <div class="field-label">
          <label for="start-name">{t('start.name')}</label>
          <span class="field-optional" id="start-name-optional">
            {t('start.optional')}
          </span>
        </div>
        <input
          id="start-name"
          name="name"
          type="text"
          autocomplete="name"
          maxLength={120}
          value={name()}
          onInput={(event) => {
            detailsEdited = true
            setName(event.currentTarget.value)
          }}
          aria-describedby="start-name-optional"
        />
      </div>

      <div class="field">
        <div class="field-label">
          <label for="start-email">{t('start.email')}</label>
          <span class="field-optional" id="start-email-optional">
            {t('start.optional')}
          </span>
        </div>
        <input
          id="start-email"
          name="email"
          type="email"
          autocomplete="email"
          inputMode="email"
          maxLength={254}
          value={email()}
          onInput={(event) => {
            detailsEdited = true
            setEmail(event.currentTarget.value)
          }}
          aria-describedby="start-email-optional start-email-purpose"
        />
        <p class="field-hint" id="start-email-purpose">
          {t('start.emailPurpose')}
        </p>
      </div>

      <div class="field">
        <label for="start-message">{t('start.message')}</label>
        <textarea
          ref={messageField}
          id="start-message"
          name="message"
          rows={4}
          required
          placeholder={t('start.messagePlaceholder')}
          value={body()}
          onInput={(event) => setBody(event.currentTarget.value)}
          onKeyDown={onMessageKeyDown}
        />
      </div>

      <Show when={error()}>
        {(message) => (
          <p class="form-error" role="alert">
            {message()}
          </p>
        )}
      </Show>

      <div class="start-actions">
        <button type="submit" class="button button-primary" disabled={busy()}>
          {busy() ? t('start.submitting') : t('start.submit')}
        </button>
      </div>
    </form>
  )
}
