import { DropdownMenu } from '@kobalte/core/dropdown-menu'
import {
  BellIcon,
  BellOffIcon,
  CheckIcon,
  ChevronDownIcon,
  ChevronLeftIcon,
  MaximizeIcon,
  MinimizeIcon,
  RotateIcon,
  TrashIcon,
  UserPlusIcon,
} from '@parley/ui'
import { A, useAction, useNavigate } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import {
  assignToMe,
  closeConversation,
  followConversation,
  reopenConversation,
  trashConversation,
  unfollowConversation,
  withdrawOffer,
} from '../data/conversation.data.ts'
import type { ThreadMessage } from '../data/conversation-thread.store.ts'
import { useInboxLayout } from '../data/inbox-layout.ts'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'
import { avatarClass, conversationTitle, initials, priorityLabel, ticketLabel } from '../lib/format.ts'
import { useMe } from '../lib/me.context.ts'
import { useShortcut } from '../lib/shortcuts.ts'
import type { ConversationDetail, ConversationDTO } from '../lib/trpc.client.ts'
import { ConversationAssignMenu } from './ConversationAssignMenu.tsx'
import { ConversationLinkDialog } from './ConversationLinkDialog.tsx'
import { ConversationLinks } from './ConversationLinks.tsx'
import { ConversationOfferDialog } from './ConversationOfferDialog.tsx'
import { ConversationParticipants } from './ConversationParticipants.tsx'
import { ConversationTicketDialog } from './ConversationTicketDialog.tsx'

export function ConversationHeader(props: {
  conversation: ConversationDTO
  messages: readonly ThreadMessage[]
  links: ConversationDetail['links']
  participants: ConversationDetail['participants']
  offerAssignToMe: boolean
}) {
  const me = useMe()
  const [error, setError] = createSignal<unknown>()
  const [busy, setBusy] = createSignal(false)
  const doAssignToMe = useAction(assignToMe)
  const doClose = useAction(closeConversation)
  const doReopen = useAction(reopenConversation)
  const doTrash = useAction(trashConversation)
  const doWithdrawOffer = useAction(withdrawOffer)
  const doFollow = useAction(followConversation)
  const doUnfollow = useAction(unfollowConversation)
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
  const following = () => props.conversation.following
  const title = () => conversationTitle(props.conversation)

  // a and c do what the buttons do, under the same conditions ("Assign to me" may be the composer's button).
  useShortcut('a', () => {
    if (isSupport() && !assignedToMe()) void run(() => doAssignToMe(props.conversation.id))
  })
  useShortcut('c', () => {
    if (isOpen()) void run(() => doClose(props.conversation.id))
  })

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
            <Show when={props.conversation.offer}>
              {(offer) => (
                <span class="status-badge status-badge--offered">
                  {offer() === 'mine' ? t('offer.toYou') : t('offer.pending')}
                </span>
              )}
            </Show>
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
            <Show when={props.conversation.kind === 'internal'}>
              <ConversationParticipants
                conversationId={props.conversation.id}
                participants={props.participants}
                onError={setError}
              />
            </Show>
            <Show when={isSupport()}>
              <span class="fact">
                {t('conversation.assignee')}:{' '}
                <strong>
                  <bdi>{props.conversation.assignee?.name ?? t('conversation.unassigned')}</bdi>
                </strong>
              </span>
            </Show>
            <Show when={props.conversation.team}>
              {(team) => (
                <span class="fact">
                  {t('conversation.team')}:{' '}
                  <strong>
                    <bdi>{team().name}</bdi>
                  </strong>
                </span>
              )}
            </Show>
          </p>
          <ConversationLinks links={props.links} />
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
        {/* While offered (rule 6) the offer decides: "Accept" for the offered, no assignment for anyone. */}
        <Show when={isSupport() && !assignedToMe() && props.offerAssignToMe && !props.conversation.offer}>
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
        {/* "Follow" turns into "Unfollow" and back in place, like "Close conversation" below. */}
        <Show when={isSupport()}>
          <button
            type="button"
            class="button"
            aria-disabled={busy()}
            onClick={() =>
              run(() => (following() ? doUnfollow(props.conversation.id) : doFollow(props.conversation.id)))
            }
          >
            <Show when={following()} fallback={<BellIcon />}>
              <BellOffIcon />
            </Show>
            <span>{following() ? t('actions.unfollow') : t('actions.follow')}</span>
          </button>
        </Show>
        <Show when={isSupport() && !props.conversation.offer}>
          <ConversationAssignMenu conversation={props.conversation} onError={setError} />
        </Show>
        <Show when={isSupport()}>
          <ConversationTicketDialog conversation={props.conversation} messages={props.messages} />
        </Show>
        {/* Rule 6: an open ticket nobody has is offered; while offered, the offer can be taken back. */}
        <Show
          when={
            isSupport() && props.conversation.ticket && isOpen() && !props.conversation.assignee
              ? props.conversation.offer
              : undefined
          }
          fallback={
            <Show when={isSupport() && props.conversation.ticket && isOpen() && !props.conversation.assignee}>
              <ConversationOfferDialog conversation={props.conversation} />
            </Show>
          }
        >
          <button
            type="button"
            class="button"
            aria-disabled={busy()}
            onClick={() => run(() => doWithdrawOffer(props.conversation.id))}
          >
            <span>{t('actions.withdrawOffer')}</span>
          </button>
        </Show>
        {/* A ticket is not linked into another; a conversation linked already may move to another ticket. */}
        <Show when={isSupport() && !props.conversation.ticket}>
          <ConversationLinkDialog conversation={props.conversation} />
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
        <Show when={isOpen() && isSupport()}>
          {/* The quiet close: spam, or a chat that ended by itself, needs no "closed" in the customer's thread. */}
          <DropdownMenu gutter={6} placement="bottom-end" modal={false}>
            <DropdownMenu.Trigger class="icon-button close-options" aria-label={t('actions.closeOptions')}>
              <ChevronDownIcon />
            </DropdownMenu.Trigger>
            <DropdownMenu.Portal>
              <DropdownMenu.Content class="menu">
                <DropdownMenu.Item
                  class="menu-item"
                  onSelect={() => run(() => doClose(props.conversation.id, false))}
                >
                  <DropdownMenu.ItemLabel>{t('actions.closeQuietly')}</DropdownMenu.ItemLabel>
                </DropdownMenu.Item>
              </DropdownMenu.Content>
            </DropdownMenu.Portal>
          </DropdownMenu>
        </Show>
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
