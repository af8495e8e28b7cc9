import { ErrorPanel, Loading } from '@parley/ui'
import { Navigate, useParams } from '@solidjs/router'
import { createEffect, createMemo, createResource, Match, on, Show, Switch, untrack } from 'solid-js'
import { ConversationClosedNotice } from '../components/ConversationClosedNotice.tsx'
import { ConversationComposer } from '../components/ConversationComposer.tsx'
import { ConversationThread } from '../components/ConversationThread.tsx'
import { TranscriptRequest } from '../components/TranscriptRequest.tsx'
import { chat, findConversation, loadThread, markRead } from '../data/conversation.store.ts'
import { latestSeen } from '../data/thread.ts'
import { createTypingIndicator } from '../data/typing.ts'
import { withFailureMessage } from '../data/visitor.data.ts'
import { pageVisible } from '../lib/page-visibility.ts'
import { visitorToken } from '../lib/visitor-token.ts'

export default function ConversationPage() {
  const params = useParams<{ id: string }>()
  return (
    <Show when={visitorToken()} fallback={<Navigate href="/" />}>
      <Show when={params.id} keyed>
        {(id) => <ConversationView id={id} />}
      </Show>
    </Show>
  )
}

function ConversationView(props: { id: string }) {
  const [load, { refetch }] = createResource(() => withFailureMessage(loadThread(props.id)))
  const conversation = createMemo(() => findConversation(props.id))
  const messages = () => chat.threads[props.id] ?? []
  const lastIncoming = createMemo(() => messages().findLast((message) => message.authorKind !== 'customer'))
  const typing = createTypingIndicator(() => props.id)
  const seenKey = createMemo(() => latestSeen(messages(), conversation()?.seenByTeamUpTo ?? null))

  // The agent's message has arrived: whatever they were typing is now in the thread.
  createEffect(
    on(
      lastIncoming,
      (message) => {
        if (message?.authorKind === 'agent') typing.clear()
      },
      { defer: true },
    ),
  )

  let readUpTo: string | undefined
  createEffect(() => {
    const current = conversation()
    if (!current || !pageVisible()) return
    const latest = lastIncoming()?.key
    if (current.unread > 0 || latest !== readUpTo) {
      readUpTo = latest
      untrack(() => markRead(props.id))
    }
  })

  return (
    <div class="conversation">
      <Switch fallback={<Loading />}>
        <Match when={chat.removed[props.id]}>
          <Navigate href="/conversations" />
        </Match>
        <Match when={load.error && messages().length === 0}>
          <ErrorPanel message={(load.error as Error).message} onRetry={refetch} />
        </Match>
        <Match when={chat.threads[props.id] && conversation()}>
          {(current) => (
            <>
              <ConversationThread messages={messages()} typing={typing.typing()} seenKey={seenKey()} />
              <Show
                when={current().canPost}
                fallback={
                  <ConversationClosedNotice conversationId={props.id} isTicket={current().isTicket} />
                }
              >
                {/* A closed plain chat still takes messages, and the next one reopens it (rule 4). */}
                <ConversationComposer
                  conversationId={props.id}
                  reopensOnSend={current().status === 'closed' && !current().isTicket}
                />
              </Show>
              <TranscriptRequest conversationId={props.id} />
            </>
          )}
        </Match>
      </Switch>
    </div>
  )
}
