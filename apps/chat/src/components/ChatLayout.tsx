import { Loading } from '@parley/ui'
import type { RouteSectionProps } from '@solidjs/router'
import { createEffect, onCleanup, Show, Suspense, untrack } from 'solid-js'
import { chat } from '../data/conversation.store.ts'
import { followConversations } from '../data/live.ts'
import { contact, loadContact } from '../data/visitor.data.ts'
import { t } from '../i18n/index.ts'
import { reconnecting } from '../lib/trpc.client.ts'
import { visitorToken } from '../lib/visitor-token.ts'
import { ChatHeader } from './ChatHeader.tsx'
import { HelpdeskAvailability } from './HelpdeskAvailability.tsx'

export function ChatLayout(props: RouteSectionProps) {
  // One live feed per visitor: a new token (or none) ends the old feed and its socket.
  createEffect(() => {
    if (!visitorToken()) return
    const stop = untrack(followConversations)
    onCleanup(stop)
  })

  createEffect(() => {
    if (visitorToken() && !contact()) untrack(() => loadContact().catch(() => undefined))
  })

  // A reply that arrives while the customer is in another tab shows in this tab's title.
  createEffect(() => {
    const unread = chat.conversations.reduce((sum, conversation) => sum + conversation.unread, 0)
    document.title = unread > 0 ? `(${unread}) ${t('app.title')}` : t('app.title')
  })

  return (
    <div class="chat">
      <ChatHeader />
      <HelpdeskAvailability />
      <Show when={reconnecting()}>
        <p class="connection-banner" role="status">
          <span class="spinner" aria-hidden="true" />
          {t('connection.reconnecting')}
        </p>
      </Show>
      <main class="chat-main">
        <Suspense fallback={<Loading />}>{props.children}</Suspense>
      </main>
    </div>
  )
}
