import { Dialog } from '@kobalte/core/dialog'
import { toPlainText } from '@parley/markdown'
import { useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { createTicket } from '../data/conversation.data.ts'
import type { ThreadMessage } from '../data/conversation-thread.store.ts'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'
import { priorityLabel, ticketTypeLabel } from '../lib/format.ts'
import type { ConversationDTO, TicketPriority, TicketType } from '../lib/trpc.client.ts'
import { TicketIcon } from './Icon.tsx'

const TITLE_MAX = 120

/** The customer's opening words make the best default title: first line, without Markdown. */
function suggestedTitle(messages: readonly ThreadMessage[]): string {
  const first =
    messages.find((m) => m.kind === 'text' && m.authorKind === 'customer') ??
    messages.find((m) => m.kind === 'text')
  const line = first
    ? (toPlainText(first.body)
        .split('\n')
        .find((l) => l.trim()) ?? '')
    : ''
  const trimmed = line.trim()
  return trimmed.length > TITLE_MAX ? `${trimmed.slice(0, TITLE_MAX - 1)}…` : trimmed
}

export function ConversationTicketDialog(props: {
  conversation: ConversationDTO
  messages: readonly ThreadMessage[]
}) {
  const submit = useAction(createTicket)
  const [open, setOpen] = createSignal(false)
  const [title, setTitle] = createSignal('')
  const [type, setType] = createSignal<TicketType>('ticket')
  const [priority, setPriority] = createSignal<TicketPriority>('normal')
  const [error, setError] = createSignal<unknown>()
  const [busy, setBusy] = createSignal(false)

  const onOpenChange = (next: boolean) => {
    if (next) {
      setTitle(suggestedTitle(props.messages))
      setType('ticket')
      setPriority('normal')
      setError(undefined)
    }
    setOpen(next)
  }

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      await submit({
        conversationId: props.conversation.id,
        title: title().trim(),
        type: type(),
        priority: priority(),
      })
      setOpen(false)
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog open={open()} onOpenChange={onOpenChange}>
      <Dialog.Trigger class="button">
        <TicketIcon />
        <span>{t('actions.createTicket')}</span>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay class="dialog-overlay" />
        <div class="dialog-positioner">
          <Dialog.Content class="dialog">
            <Dialog.Title class="dialog-title">{t('ticket.dialogTitle')}</Dialog.Title>
            <Dialog.Description class="dialog-description">
              {t('ticket.dialogDescription')}
            </Dialog.Description>
            <form class="form" onSubmit={onSubmit}>
              <label class="field">
                <span>{t('ticket.title')}</span>
                <input
                  name="title"
                  required
                  maxLength={200}
                  value={title()}
                  onInput={(e) => setTitle(e.currentTarget.value)}
                />
              </label>
              <div class="field-row">
                <label class="field">
                  <span>{t('ticket.type')}</span>
                  <select
                    name="type"
                    value={type()}
                    onChange={(e) => setType(e.currentTarget.value as TicketType)}
                  >
                    <option value="ticket">{ticketTypeLabel('ticket')}</option>
                    <option value="task">{ticketTypeLabel('task')}</option>
                  </select>
                </label>
                <label class="field">
                  <span>{t('ticket.priority')}</span>
                  <select
                    name="priority"
                    value={priority()}
                    onChange={(e) => setPriority(e.currentTarget.value as TicketPriority)}
                  >
                    <option value="low">{priorityLabel('low')}</option>
                    <option value="normal">{priorityLabel('normal')}</option>
                    <option value="high">{priorityLabel('high')}</option>
                    <option value="urgent">{priorityLabel('urgent')}</option>
                  </select>
                </label>
              </div>
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
                <button type="submit" class="button button--primary" disabled={busy()}>
                  {t('ticket.submit')}
                </button>
              </div>
            </form>
          </Dialog.Content>
        </div>
      </Dialog.Portal>
    </Dialog>
  )
}
