import { A, useAction, useNavigate } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import {
  assignToMe,
  closeConversation,
  reopenConversation,
  trashConversation,
} from '../data/conversation.data.ts'
import type { ThreadMessage } from '../data/conversation-thread.store.ts'
import { useInboxLayout } from '../data/inbox-layout.ts'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'
import { avatarClass, conversationTitle, initials, priorityLabel, ticketLabel } from '../lib/format.ts'
import { useMe } from '../lib/me.context.ts'
import type { ConversationDTO } from '../lib/trpc.client.ts'
import { ConversationAssignMenu } from './ConversationAssignMenu.tsx'
import { ConversationTicketDialog } from './ConversationTicketDialog.tsx'
import {
  CheckIcon,
  ChevronLeftIcon,
  MaximizeIcon,
  MinimizeIcon,
  RotateIcon,
  TrashIcon,
  UserPlusIcon,
} from './Icon.tsx'

export function ConversationHeader(props: {
  conversation: ConversationDTO
  messages: readonly ThreadMessage[]
  offerAssignToMe: boolean
}) {
  const me = useMe()
  const [error, setError] = createSignal<unknown>()
  const [busy, setBusy] = createSignal(false)
  const doAssignToMe = useAction(assignToMe)
  const doClose = useAction(closeConversation)
  const doReopen = useAction(reopenConversation)
  const doTrash = useAction(trashConversation)
  const navigate = useNavigate()
  const layout = useInboxLayout()

  const run = async (work: () => Promise<unknown>) => {
    if (busy()) return
    setError(undefined)
    setBusy(true)
    try {
      await work()
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  const isSupport = () => props.conversation.kind === 'support'
  const isOpen = () => props.conversation.status === 'open'
  const assignedToMe = () => props.conversation.assignee?.id === me().id
  const title = () => conversationTitle(props.conversation)

  return (
    <header class="conversation-header">
      <div class="conversation-heading">
        <A href="/" class="back-link" aria-label={t('conversation.back')}>
          <ChevronLeftIcon />
        </A>
        <span class={`${avatarClass(props.conversation.contact?.colour)} avatar--large`} aria-hidden="true">
          {initials(title())}
        </span>
        <div class="conversation-heading-text">
          <h2 class="conversation-title">
            <bdi>{title()}</bdi>
          </h2>
          <p class="conversation-facts">
            <Show when={props.conversation.contact?.email}>
              {(email) => <span class="fact">{email()}</span>}
            </Show>
            <span
              class="status-badge"
              classList={{ 'status-badge--closed': props.conversation.status === 'closed' }}
            >
              {props.conversation.status === 'open'
                ? t('conversation.statusOpen')
                : t('conversation.statusClosed')}
            </span>
            <Show when={props.conversation.ticket}>
              {(ticket) => (
                <span class="fact ticket-fact">
                  <strong>{ticketLabel(ticket())}</strong> <bdi>{ticket().title}</bdi>
                  <span class={`priority priority--${ticket().priority}`}>
                    {priorityLabel(ticket().priority)}
                  </span>
                </span>
              )}
            </Show>
            <Show when={isSupport()}>
              <span class="fact">
                {t('conversation.assignee')}:{' '}
                <strong>
                  <bdi>{props.conversation.assignee?.name ?? t('conversation.unassigned')}</bdi>
                </strong>
              </span>
            </Show>
          </p>
        </div>
      </div>
      <div class="conversation-actions">
        <Show when={layout}>
          {(controls) => (
            <button
              type="button"
              class="icon-button conversation-size"
              aria-pressed={controls().layout().enlarged}
              aria-label={controls().layout().enlarged ? t('conversation.reduce') : t('conversation.enlarge')}
              title={controls().layout().enlarged ? t('conversation.reduce') : t('conversation.enlarge')}
              onClick={() => controls().toggleEnlarged()}
            >
              <Show when={controls().layout().enlarged} fallback={<MaximizeIcon />}>
                <MinimizeIcon />
              </Show>
            </button>
          )}
        </Show>
        <Show when={isSupport() && !assignedToMe() && props.offerAssignToMe}>
          <button
            type="button"
            class="button button--primary"
            disabled={busy()}
            onClick={() => run(() => doAssignToMe(props.conversation.id))}
          >
            <UserPlusIcon />
            <span>{t('actions.assignToMe')}</span>
          </button>
        </Show>
        <Show when={isSupport()}>
          <ConversationAssignMenu conversation={props.conversation} onError={setError} />
        </Show>
        <Show when={isSupport() && !props.conversation.ticket}>
          <ConversationTicketDialog conversation={props.conversation} messages={props.messages} />
        </Show>
        {/* One button that turns from "Close conversation" into "Reopen" and back: keyboard focus stays on
            it. aria-disabled rather than disabled while busy, which would push the focus out of it. */}
        <button
          type="button"
          class="button"
          aria-disabled={busy()}
          onClick={() =>
            run(() => (isOpen() ? doClose(props.conversation.id) : doReopen(props.conversation.id)))
          }
        >
          <Show when={isOpen()} fallback={<RotateIcon />}>
            <CheckIcon />
          </Show>
          <span>{isOpen() ? t('actions.close') : t('actions.reopen')}</span>
        </button>
        {/* Into Trash, not deleted: an admin can restore it with every message (rule 5). */}
        <button
          type="button"
          class="button button--ghost"
          aria-disabled={busy()}
          onClick={() =>
            run(async () => {
              await doTrash(props.conversation.id)
              navigate('/', { replace: true })
            })
          }
        >
          <TrashIcon />
          <span>{t('actions.trash')}</span>
        </button>
      </div>
      <Show when={error()}>
        <p class="action-error" role="alert">
          {errorMessage(error())}
        </p>
      </Show>
    </header>
  )
}
