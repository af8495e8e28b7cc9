import { toPlainText } from '@parley/markdown'
import { TicketIcon } from '@parley/ui'
import { useAction } from '@solidjs/router'
import { createSignal } from 'solid-js'
import { changeTicket, createTicket } from '../data/conversation.data.ts'
import type { ThreadMessage } from '../data/conversation-thread.store.ts'
import { t } from '../i18n/index.ts'
import { priorityLabel, ticketTypeLabel } from '../lib/format.ts'
import type { ConversationDTO, TicketPriority, TicketType } from '../lib/trpc.client.ts'
import { FormDialog } from './FormDialog.tsx'

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

/**
 * "Create ticket" for a conversation that is none yet, "Edit ticket" for one that is: the same details,
 * the same form (issue 9, part 1).
 */
export function ConversationTicketDialog(props: {
  conversation: ConversationDTO
  messages: readonly ThreadMessage[]
}) {
  const create = useAction(createTicket)
  const change = useAction(changeTicket)
  const editing = () => props.conversation.ticket
  const [title, setTitle] = createSignal('')
  const [type, setType] = createSignal<TicketType>('ticket')
  const [priority, setPriority] = createSignal<TicketPriority>('normal')

  const save = () => {
    const details = {
      conversationId: props.conversation.id,
      title: title().trim(),
      type: type(),
      priority: priority(),
    }
    return editing() ? change(details) : create(details)
  }

  return (
    <FormDialog
      trigger={{
        label: editing() ? t('actions.editTicket') : t('actions.createTicket'),
        icon: <TicketIcon />,
      }}
      title={editing() ? t('ticket.editTitle', { number: editing()!.number }) : t('ticket.dialogTitle')}
      description={editing() ? t('ticket.editDescription') : t('ticket.dialogDescription')}
      onOpen={() => {
        const ticket = editing()
        setTitle(ticket ? ticket.title : suggestedTitle(props.messages))
        setType(ticket ? ticket.type : 'ticket')
        setPriority(ticket ? ticket.priority : 'normal')
      }}
      submit={{ label: editing() ? t('ticket.save') : t('ticket.submit'), disabled: false, work: save }}
    >
      {() => (
        <>
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
        </>
      )}
    </FormDialog>
  )
}
