import { ErrorPanel, Loading } from '@parley/ui'
import { Navigate } from '@solidjs/router'
import { createResource, Match, Show, Switch } from 'solid-js'
import { ConversationStartForm } from '../components/ConversationStartForm.tsx'
import { chat, loadConversations } from '../data/conversation.store.ts'
import { withFailureMessage } from '../data/visitor.data.ts'
import { visitorToken } from '../lib/visitor-token.ts'

/** First visit: the start form. Coming back: straight into the most recent conversation. */
export default function ChatHome() {
  return (
    <Show when={visitorToken()} fallback={<ConversationStartForm />}>
      <ReturningVisitor />
    </Show>
  )
}

function ReturningVisitor() {
  const [load, { refetch }] = createResource(() => withFailureMessage(loadConversations()))

  return (
    <Switch fallback={<Loading />}>
      <Match when={load.error && !chat.listLoaded}>
        <ErrorPanel message={(load.error as Error).message} onRetry={refetch} />
      </Match>
      <Match when={chat.listLoaded && chat.conversations[0]}>
        {(latest) => <Navigate href={`/c/${latest().id}`} />}
      </Match>
      <Match when={chat.listLoaded}>
        <ConversationStartForm />
      </Match>
    </Switch>
  )
}
