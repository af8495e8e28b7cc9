import { now } from '@parley/ui'
import { A } from '@solidjs/router'
import { Show } from 'solid-js'
import { formatRelative, t } from '../i18n/index.ts'
import { avatarClass, conversationTitle, initials, ticketLabel } from '../lib/format.ts'
import type { ConversationDTO } from '../lib/trpc.client.ts'
import { StatusDot } from './StatusDot.tsx'

/**
 * `open`: the agent has this conversation in front of them. What arrives there is read as it arrives (the
 * conversation page marks it read a moment later), so its row shows no unread count or "New" dot meanwhile
 * instead of flashing them between the list's refetch and the read marker's.
 */
export function ConversationListItem(props: { conversation: ConversationDTO; open: boolean }) {
  const title = () => conversationTitle(props.conversation)
  const unread = () => (props.open ? 0 : props.conversation.unread)
  const dot = () => (props.open && props.conversation.dot === 'new' ? null : props.conversation.dot)
  return (
    <li>
      <A
        href={`/c/${props.conversation.id}`}
        class="conversation-row"
        activeClass="conversation-row--active"
        classList={{ 'conversation-row--unread': unread() > 0 }}
      >
        <span class={`${avatarClass(props.conversation.contact?.colour)} avatar--contact`} aria-hidden="true">
          {initials(title())}
        </span>
        <span class="row-body">
          <span class="row-line">
            <bdi class="row-name">{title()}</bdi>
            <time class="row-time" datetime={props.conversation.lastMessageAt.toISOString()}>
              {formatRelative(props.conversation.lastMessageAt, new Date(now()))}
            </time>
          </span>
          <Show when={props.conversation.ticket}>
            {(ticket) => (
              <span class="row-ticket">
                <span class="row-ticket-number">{ticketLabel(ticket())}</span>
                <bdi class="row-ticket-title">{ticket().title}</bdi>
              </span>
            )}
          </Show>
          {/* The preview repeats the thread's latest message. As generated content it is still read out
              with the row, but searching the page for a message's words (find in page, tests) lands in the
              thread rather than on a second copy in the list. */}
          <span
            class="row-preview"
            data-preview={props.conversation.preview ?? t('conversation.noMessages')}
          />
          <span class="row-line row-meta">
            <bdi class="row-assignee">
              {props.conversation.assignee?.name ?? t('conversation.unassigned')}
            </bdi>
            <span class="row-indicators">
              <Show when={unread() > 0}>
                <span class="unread-badge" title={t('conversation.unread', { count: unread() })}>
                  <span aria-hidden="true">{unread()}</span>
                  <span class="sr-only">{t('conversation.unread', { count: unread() })}</span>
                </span>
              </Show>
              <StatusDot dot={dot()} />
            </span>
          </span>
        </span>
      </A>
    </li>
  )
}
