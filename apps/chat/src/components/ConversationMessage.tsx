import { MessageAttachments } from '@parley/attachments'
import { renderMarkdown } from '@parley/markdown'
import { createMemo, createSignal, Match, Show, Switch } from 'solid-js'
import { loadThread, retryMessage } from '../data/conversation.store.ts'
import { fileKey, fileUrl } from '../data/file-key.ts'
import type { ThreadMessage } from '../data/thread.ts'
import { failure } from '../data/visitor.data.ts'
import { attachmentText, formatTime, locale, t } from '../i18n/index.ts'
import { domainCode, isUnauthorized } from '../lib/errors.ts'
import { keepLeftoverDraft } from '../lib/leftover-draft.ts'
import { ConversationSystemText } from './ConversationSystemText.tsx'

function Timestamp(props: { date: Date }) {
  return <time datetime={props.date.toISOString()}>{formatTime(props.date)}</time>
}

/** Not sent (issue 10): Retry, or why retrying would not help once the server has refused it. */
function NotSent(props: { message: ThreadMessage }) {
  const [refusal, setRefusal] = createSignal<string | null>(null)
  const retry = async () => {
    const { conversationId, body } = props.message
    try {
      await retryMessage(props.message)
    } catch (caught) {
      const ticketClosed = domainCode(caught) === 'TICKET_CLOSED'
      // The composer makes way for the closed notice or the start form, which take the words on.
      if (ticketClosed || isUnauthorized(caught)) keepLeftoverDraft(body)
      setRefusal(failure(caught))
      if (ticketClosed) loadThread(conversationId).catch(() => undefined)
    }
  }
  return (
    <>
      <span class="message-failed">{t('thread.notSent')}</span>
      <Show
        when={refusal()}
        fallback={
          <button type="button" class="message-retry" onClick={() => void retry()}>
            {t('thread.retry')}
          </button>
        }
      >
        {(why) => <span role="alert">{why()}</span>}
      </Show>
    </>
  )
}

export function ConversationMessage(props: { message: ThreadMessage; showAuthor: boolean; seen: boolean }) {
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
            'message-pending': props.message.delivery === 'sending',
            'message-failed-bubble': props.message.delivery === 'failed',
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
            <Switch fallback={<Timestamp date={props.message.createdAt} />}>
              <Match when={props.message.delivery === 'sending'}>{t('thread.sending')}</Match>
              <Match when={props.message.delivery === 'failed'}>
                <NotSent message={props.message} />
              </Match>
            </Switch>
            {/* How far the team has read, never who (issue 10). */}
            <Show when={props.seen}>
              <span class="message-seen">{t('thread.seen')}</span>
            </Show>
          </span>
        </div>
      </Match>
    </Switch>
  )
}
