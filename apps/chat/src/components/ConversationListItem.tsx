import { now } from '@parley/ui'
import { A } from '@solidjs/router'
import { Show } from 'solid-js'
import { formatRelative, t } from '../i18n/index.ts'
import type { ConversationDTO } from '../lib/trpc.client.ts'

export function ConversationListItem(props: { conversation: ConversationDTO }) {
  const title = () => {
    const ticket = props.conversation.ticket
    if (ticket) return t('list.ticket', { number: ticket.number, title: ticket.title })
    return props.conversation.subject || t('list.conversation')
  }
  const preview = () => props.conversation.preview || t('list.noPreview')

  return (
    <A
      href={`/c/${props.conversation.id}`}
      class="conversation-item"
      classList={{ 'conversation-item-unread': props.conversation.unread > 0 }}
    >
      <span class="conversation-item-top">
        <span class="conversation-item-title">{title()}</span>
        <time class="conversation-item-time" datetime={props.conversation.lastMessageAt.toISOString()}>
          {formatRelative(props.conversation.lastMessageAt, now())}
        </time>
      </span>
      <span class="conversation-item-bottom">
        <span class="conversation-item-preview">{preview()}</span>
        <Show when={props.conversation.status === 'closed'}>
          <span class="tag">{t('list.closed')}</span>
        </Show>
        <Show when={props.conversation.unread > 0}>
          <span class="badge">
            <span aria-hidden="true">{props.conversation.unread}</span>
            <span class="sr-only">{t('list.unread', { count: props.conversation.unread })}</span>
          </span>
        </Show>
      </span>
    </A>
  )
}
