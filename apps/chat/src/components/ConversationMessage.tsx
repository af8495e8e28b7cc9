import { MessageAttachments } from '@parley/attachments'
import { renderMarkdown } from '@parley/markdown'
import { createMemo, Match, Show, Switch } from 'solid-js'
import { fileKey, fileUrl } from '../data/file-key.ts'
import type { ThreadMessage } from '../data/thread.ts'
import { attachmentText, formatTime, locale, t } from '../i18n/index.ts'
import { ConversationSystemText } from './ConversationSystemText.tsx'

function Timestamp(props: { date: Date }) {
  return <time datetime={props.date.toISOString()}>{formatTime(props.date)}</time>
}

export function ConversationMessage(props: { message: ThreadMessage; showAuthor: boolean }) {
  const mine = () => props.message.authorKind === 'customer'
  // Messages never change once sent, but the same body is rendered again whenever the thread reconciles.
  const html = createMemo(() => renderMarkdown(props.message.body))

  return (
    <Switch>
      <Match when={props.message.kind === 'system'}>
        <div class="message-system">
          <p>
            <Show when={props.message.system} fallback={props.message.body}>
              {(event) => <ConversationSystemText event={event()} />}
            </Show>
          </p>
          <Timestamp date={props.message.createdAt} />
        </div>
      </Match>
      <Match when={true}>
        <div
          class="message"
          classList={{
            'message-mine': mine(),
            'message-theirs': !mine(),
            'message-pending': props.message.pending,
          }}
        >
          <Show when={!mine()} fallback={<span class="sr-only">{t('thread.you')}:</span>}>
            <bdi class="message-author" classList={{ 'sr-only': !props.showAuthor }}>
              {props.message.author?.name ?? t('thread.support')}
            </bdi>
          </Show>
          <Show when={props.message.body}>
            <div class="message-bubble markdown" innerHTML={html()} />
          </Show>
          <Show when={props.message.attachments.length > 0 && fileKey()}>
            <MessageAttachments
              attachments={props.message.attachments}
              url={fileUrl}
              text={attachmentText}
              locale={locale()}
            />
          </Show>
          <span class="message-meta">
            <Show when={props.message.pending} fallback={<Timestamp date={props.message.createdAt} />}>
              {t('thread.sending')}
            </Show>
          </span>
        </div>
      </Match>
    </Switch>
  )
}
