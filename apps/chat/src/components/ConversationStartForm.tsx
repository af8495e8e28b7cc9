import { useNavigate } from '@solidjs/router'
import { createEffect, createSignal, For, on, Show } from 'solid-js'
import { createStore } from 'solid-js/store'
import { createPrechatForm, DEFAULT_PRECHAT_FIELDS, type PrechatField } from '../data/prechat.ts'
import { contact, failure, sessionEnded, startChat } from '../data/visitor.data.ts'
import { type MessageKey, t } from '../i18n/index.ts'
import { newClientId } from '../lib/client-id.ts'
import { prefill } from '../lib/embed.ts'
import { domainCode, refusedField } from '../lib/errors.ts'
import { takeLeftoverDraft } from '../lib/leftover-draft.ts'
import { visitorToken } from '../lib/visitor-token.ts'

/** What a visitor types into the form, by the name `customer.start` takes it under. */
type AnswerKey = 'name' | 'email' | 'phone' | 'answer'

const keyOf = (field: PrechatField): AnswerKey => (field.field === 'question' ? 'answer' : field.field)

/** How each detail is typed, so browsers offer what they know and phones show the right keyboard. */
const INPUTS: Record<Exclude<AnswerKey, 'answer'>, { label: MessageKey; missing: MessageKey }> = {
  name: { label: 'start.name', missing: 'start.missingName' },
  email: { label: 'start.email', missing: 'start.missingEmail' },
  phone: { label: 'start.phone', missing: 'start.missingPhone' },
}

function PrechatInput(props: { field: PrechatField; value: string; onInput: (value: string) => void }) {
  const key = () => keyOf(props.field)
  const id = () => `start-${key()}`
  const label = () => {
    const field = props.field
    return field.field === 'question' ? (field.label ?? '') : t(INPUTS[field.field].label)
  }
  const describedBy = () =>
    [props.field.required ? '' : `${id()}-optional`, key() === 'email' ? 'start-email-purpose' : '']
      .filter(Boolean)
      .join(' ') || undefined
  return (
    <div class="field">
      <div class="field-label">
        <label for={id()}>{label()}</label>
        <Show when={!props.field.required}>
          <span class="field-optional" id={`${id()}-optional`}>
            {t('start.optional')}
          </span>
        </Show>
      </div>
      <input
        id={id()}
        name={key()}
        type={key() === 'email' ? 'email' : key() === 'phone' ? 'tel' : 'text'}
        autocomplete={key() === 'answer' ? 'off' : key() === 'phone' ? 'tel' : key()}
        inputMode={key() === 'email' ? 'email' : key() === 'phone' ? 'tel' : undefined}
        maxLength={key() === 'email' ? 254 : key() === 'phone' ? 40 : key() === 'answer' ? 500 : 100}
        required={props.field.required}
        value={props.value}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        aria-describedby={describedBy()}
      />
      <Show when={key() === 'email'}>
        <p class="field-hint" id="start-email-purpose">
          {t('start.emailPurpose')}
        </p>
      </Show>
    </div>
  )
}

/**
 * The first message of a conversation. A first-time visitor answers the admin's pre-chat form first
 * (issue 10, part 1); a returning one sees their name and email, as before. `followsUp` is the closed
 * ticket it continues.
 */
export function ConversationStartForm(props: {
  again?: boolean
  followsUp?: { id: string; number: number }
}) {
  const navigate = useNavigate()
  const prechat = createPrechatForm()
  const [answers, setAnswers] = createStore<Record<AnswerKey, string>>({
    name: '',
    email: '',
    phone: '',
    answer: '',
  })
  const [body, setBody] = createSignal(takeLeftoverDraft())
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string | null>(sessionEnded() ? t('error.sessionEnded') : null)
  // A returning visitor whose changed details made them a new one, refused for a field the form needs.
  const [asksForm, setAsksForm] = createSignal(false)
  // Kept across failed attempts, so a retry of a message the server did get is not posted twice.
  let clientId = newClientId()
  let messageField!: HTMLTextAreaElement
  let detailsEdited = false

  const fields = () =>
    visitorToken() === null || asksForm() ? (prechat.fields() ?? []) : DEFAULT_PRECHAT_FIELDS
  /** The admin's fields are on their way: the form is not complete yet (and not where focus goes). */
  const fieldsLoading = () => (visitorToken() === null || asksForm()) && prechat.fields() === undefined

  // A returning visitor's details arrive a moment after the form; fill them in unless already typed over.
  createEffect(
    on(contact, (known) => {
      if (!known || detailsEdited) return
      setAnswers({ name: known.name ?? '', email: known.email ?? '' })
    }),
  )

  // In the website widget the host page may know who is there (Parley('prefill', …)): a start, not a claim.
  createEffect(
    on(prefill, (given) => {
      if (detailsEdited || contact()) return
      setAnswers({
        ...(given.name ? { name: given.name } : {}),
        ...(given.email ? { email: given.email } : {}),
      })
    }),
  )

  /** The form's own words for a refused field; undefined when the refusal is about something else. */
  function fieldFailure(caught: unknown): string | undefined {
    const code = domainCode(caught)
    if (code === 'PRECHAT_REQUIRED' || code === 'PRECHAT_INVALID') {
      // The admin changed the form since this page got it, or a returning visitor became a new one:
      // ask with the form as it is now.
      setAsksForm(true)
      void prechat.reload()
    }
    const key = refusedField(caught)
    if (code === 'PRECHAT_REQUIRED') {
      if (key === 'name' || key === 'email' || key === 'phone') return t(INPUTS[key].missing)
      const question = fields().find((field) => field.field === 'question')?.label
      if (key === 'answer' && question) return t('start.missingAnswer', { question })
      return undefined
    }
    // Refused as unreadable before any rule looked at it: only a phone or an email can be, typed by hand.
    if (!code && key === 'phone') return t('start.invalidPhone')
    if (!code && key === 'email') return t('start.invalidEmail')
    return undefined
  }

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
        name: answers.name,
        email: answers.email,
        phone: answers.phone,
        answer: answers.answer,
        body: body(),
        clientId,
        followsUp: props.followsUp?.id,
      })
      clientId = newClientId()
      navigate(`/c/${conversationId}`)
    } catch (caught) {
      setError(fieldFailure(caught) ?? failure(caught))
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
    <form class="start-form" onSubmit={submit} aria-labelledby="start-title" aria-busy={fieldsLoading()}>
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

      <For each={fields()}>
        {(field) => (
          <PrechatInput
            field={field}
            value={answers[keyOf(field)]}
            onInput={(value) => {
              detailsEdited = true
              setAnswers(keyOf(field), value)
            }}
          />
        )}
      </For>

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
