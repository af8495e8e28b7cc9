import { Dialog } from '@kobalte/core/dialog'
import { createSignal, For, type JSX, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'

/**
 * The dialog every form of the conversation and the inbox opens in (create or edit a ticket, link, offer,
 * a new internal conversation): its trigger, title and description, the fields, the error the server gave
 * and the actions. `work` runs on submit; the dialog closes when it succeeds, else shows why.
 */
export function FormDialog(props: {
  trigger: { label: string; icon: JSX.Element; iconOnly?: boolean }
  title: string
  description: string
  /** Called as the dialog opens: reset the fields. */
  onOpen?: () => void
  /** What submitting does; none for a dialog whose choices act by themselves (Link to ticket). */
  submit?: { label: string; disabled: boolean; work: () => Promise<unknown> }
  children: (run: (work: () => Promise<unknown>) => Promise<void>, busy: () => boolean) => JSX.Element
}) {
  const [open, setOpen] = createSignal(false)
  const [error, setError] = createSignal<unknown>()
  const [busy, setBusy] = createSignal(false)
  const onOpenChange = (next: boolean) => {
    if (next) {
      setError(undefined)
      props.onOpen?.()
    }
    setOpen(next)
  }
  /** One attempt: closes the dialog when it works, keeps it open with the reason when not. */
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true)
    setError(undefined)
    try {
      await work()
      setOpen(false)
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault()
    if (props.submit) void run(props.submit.work)
  }
  return (
    <Dialog open={open()} onOpenChange={onOpenChange}>
      <Show
        when={props.trigger.iconOnly}
        fallback={
          <Dialog.Trigger class="button">
            {props.trigger.icon}
            <span>{props.trigger.label}</span>
          </Dialog.Trigger>
        }
      >
        <Dialog.Trigger class="icon-button" aria-label={props.trigger.label} title={props.trigger.label}>
          {props.trigger.icon}
        </Dialog.Trigger>
      </Show>
      <Dialog.Portal>
        <Dialog.Overlay class="dialog-overlay" />
        <div class="dialog-positioner">
          <Dialog.Content class="dialog">
            <Dialog.Title class="dialog-title">{props.title}</Dialog.Title>
            <Dialog.Description class="dialog-description">{props.description}</Dialog.Description>
            <form class="form" onSubmit={onSubmit}>
              {props.children(run, busy)}
              <Show when={error()}>
                <p class="form-error" role="alert">
                  {errorMessage(error())}
                </p>
              </Show>
              <div class="dialog-actions">
                {/* Kobalte names its close button "Dismiss" in English whatever it shows; the name must be what it says. */}
                <Dialog.CloseButton class="button button--ghost" aria-label={t('ticket.cancel')}>
                  {t('ticket.cancel')}
                </Dialog.CloseButton>
                <Show when={props.submit}>
                  {(submit) => (
                    <button
                      type="submit"
                      class="button button--primary"
                      disabled={busy() || submit().disabled}
                    >
                      {submit().label}
                    </button>
                  )}
                </Show>
              </div>
            </form>
          </Dialog.Content>
        </div>
      </Dialog.Portal>
    </Dialog>
  )
}

/** Colleagues to choose, each a checkbox named by their name (offers, conversations between agents). */
export function AgentChoice(props: {
  legend: string
  agents: ReadonlyArray<{ id: string; name: string }>
  chosen: readonly string[]
  onChange: (ids: string[]) => void
}) {
  const toggle = (id: string, on: boolean) =>
    props.onChange(on ? [...props.chosen, id] : props.chosen.filter((other) => other !== id))
  return (
    <fieldset class="field agent-choice">
      <legend>{props.legend}</legend>
      <For each={props.agents}>
        {(agent) => (
          <label class="checkbox-field">
            <input
              type="checkbox"
              checked={props.chosen.includes(agent.id)}
              onChange={(e) => toggle(agent.id, e.currentTarget.checked)}
            />
            <bdi>{agent.name}</bdi>
          </label>
        )}
      </For>
    </fieldset>
  )
}

/** The subject and first message of a new conversation, between agents or with customers. */
export function FirstMessageFields(props: {
  subject: string
  onSubject: (subject: string) => void
  body: string
  onBody: (body: string) => void
}) {
  return (
    <>
      <label class="field">
        <span>{t('internal.subject')}</span>
        <input
          maxLength={120}
          value={props.subject}
          onInput={(e) => props.onSubject(e.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>{t('internal.message')}</span>
        <textarea required rows={4} value={props.body} onInput={(e) => props.onBody(e.currentTarget.value)} />
      </label>
    </>
  )
}
