import { MessageAttachments } from '@parley/attachments'
import { renderMarkdown } from '@parley/markdown'
import { CheckIcon, LockIcon, VideoIcon } from '@parley/ui'
import { type JSX, Show } from 'solid-js'
import type { ThreadMessage } from '../data/conversation-thread.store.ts'
import { attachmentText, formatTime, locale, t, tIsolated } from '../i18n/index.ts'
import { contactName, priorityLabel, ticketTypeLabel } from '../lib/format.ts'
import { useMe } from '../lib/me.context.ts'
import type { ConversationDTO, SystemEvent } from '../lib/trpc.client.ts'

type MessageProps = {
  message: ThreadMessage
  conversation: ConversationDTO
  /** The latest reply the customer has read (issue 10): marked "Seen by the customer". */
  seen?: boolean
}

export function ConversationMessage(props: MessageProps) {
  return (
    <Show
      when={props.message.kind === 'system' || props.message.authorKind === 'system'}
      fallback={
        <TextMessage message={props.message} conversation={props.conversation} seen={props.seen ?? false} />
      }
    >
      <SystemMessage message={props.message} />
    </Show>
  )
}

function MessageTime(props: { at: Date }) {
  return (
    <time class="message-time" datetime={props.at.toISOString()} title={props.at.toLocaleString()}>
      {formatTime(props.at)}
    </time>
  )
}

function systemText(event: SystemEvent): JSX.Element {
  switch (event.type) {
    case 'assigned':
      return tIsolated('system.assigned', { name: event.agentName })
    case 'unassigned':
      return t('system.unassigned')
    case 'closed':
      return event.quietly ? t('system.closedQuietly') : t('system.closed')
    case 'team_assigned':
      return tIsolated('system.teamAssigned', { name: event.teamName })
    case 'team_unassigned':
      return t('system.teamUnassigned')
    case 'reopened':
      return t('system.reopened')
    case 'ticket_created':
      return t('system.ticketCreated', { number: event.number })
    case 'video':
      return t('system.video')
    case 'trashed':
      return t('system.trashed')
    case 'restored':
      return t('system.restored')
    case 'ticket_renamed':
      return tIsolated('system.ticketRenamed', { title: event.title })
    case 'ticket_prioritised':
      return t('system.ticketPrioritised', { priority: priorityLabel(event.priority) })
    case 'ticket_retyped':
      return t('system.ticketRetyped', { type: ticketTypeLabel(event.ticketType) })
    case 'linked_to_ticket':
      return tIsolated('system.linkedToTicket', { number: event.number, title: event.title })
    case 'follows_up':
      return tIsolated('system.followsUp', { number: event.number, title: event.title })
    case 'conversation_linked':
      return t('system.conversationLinked')
    case 'offered':
      return tIsolated('system.offered', {
        names: [...event.agentNames, ...(event.teamName ? [event.teamName] : [])].join(', '),
      })
    case 'offer_withdrawn':
      return t('system.offerWithdrawn')
    case 'offer_expired':
      return t('system.offerExpired')
    case 'participant_added':
      return tIsolated('system.participantAdded', { name: event.agentName })
  }
}

function SystemMessage(props: { message: ThreadMessage }) {
  const videoUrl = () => (props.message.system?.type === 'video' ? props.message.system.url : undefined)
  return (
    <div class="message-system">
      <span>{props.message.system ? systemText(props.message.system) : props.message.body}</span>
      <Show when={videoUrl()}>
        {(url) => (
          <a class="message-system-link" href={url()} target="_blank" rel="noopener noreferrer">
            <VideoIcon />
            {t('system.videoJoin')}
          </a>
        )}
      </Show>
      <MessageTime at={props.message.createdAt} />
    </div>
  )
}

function TextMessage(props: MessageProps) {
  const me = useMe()
  const isNote = () => props.message.visibility === 'internal'
  const fromCustomer = () => props.message.authorKind === 'customer'
  const mine = () => props.message.authorKind === 'agent' && props.message.author?.id === me().id
  // In a customer conversation the team writes on the right; between agents only my own messages do.
  const outgoing = () => !fromCustomer() && (props.conversation.kind === 'support' || mine())
  const author = () =>
    props.message.author?.name || (fromCustomer() ? contactName(props.conversation.contact) : '')

  return (
    <article
      class="message"
      data-key={props.message.key}
      classList={{
        'message--outgoing': outgoing(),
        'message--incoming': !outgoing(),
        'message--note': isNote(),
        'message--pending': props.message.pending,
      }}
    >
      <header class="message-meta">
        <bdi class="message-author">{author()}</bdi>
        <Show when={isNote()}>
          <span class="note-label">
            <LockIcon />
            {t('thread.internalNote')}
          </span>
        </Show>
        <Show when={props.message.pending} fallback={<MessageTime at={props.message.createdAt} />}>
          <span class="message-pending">{t('thread.sending')}</span>
        </Show>
      </header>
      <Show when={props.message.body}>
        <div class="message-body markdown" innerHTML={renderMarkdown(props.message.body)} />
      </Show>
      <MessageAttachments
        attachments={props.message.attachments}
        url={(attachment, variant) => `/files/${attachment.id}${variant ? `/${variant}` : ''}`}
        text={attachmentText}
        locale={locale()}
      />
      <Show when={props.seen}>
        <footer class="message-seen">
          <CheckIcon />
          {t('thread.seenByCustomer')}
        </footer>
      </Show>
    </article>
  )
}
