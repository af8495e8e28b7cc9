import { Loading } from '@parley/ui'
import { type RouteSectionProps, useMatch, useNavigate, useResolvedPath } from '@solidjs/router'
import { createEffect, onCleanup, Show, Suspense, untrack } from 'solid-js'
import { chat } from '../data/conversation.store.ts'
import { followConversations } from '../data/live.ts'
import { contact, identifyAs, loadContact } from '../data/visitor.data.ts'
import { locale, t } from '../i18n/index.ts'
import { listenToHost, tellHost } from '../lib/embed.ts'
import { api, reconnecting } from '../lib/trpc.client.ts'
import { visitorToken } from '../lib/visitor-token.ts'
import { ChatHeader } from './ChatHeader.tsx'
import { HelpdeskAvailability } from './HelpdeskAvailability.tsx'
import { PushOptIn } from './PushOptIn.tsx'

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

  // The customer's emails (rule 12) are written in the language they chat in.
  createEffect(() => {
    const chosen = locale()
    if (visitorToken()) void api.customer.setLocale.mutate({ locale: chosen }).catch(() => undefined)
  })

  // A reply that arrives while the customer is in another tab shows in this tab's title (and, in the
  // website widget, on its launcher).
  const unread = () => chat.conversations.reduce((sum, conversation) => sum + conversation.unread, 0)
  createEffect(() => {
    document.title = unread() > 0 ? `(${unread()}) ${t('app.title')}` : t('app.title')
    tellHost({ parley: 'unread', count: unread() })
  })

  // In the widget: the host page may say who its logged-in visitor is; a new identity starts afresh.
  const navigate = useNavigate()
  // The location includes the router's base ('/chat'); resolving the pattern adds it too.
  const conversationPath = useResolvedPath(() => '/c/:id')
  const inConversation = useMatch(() => conversationPath() ?? '')
  onCleanup(
    listenToHost({
      identify: ({ identity }) => {
        identifyAs(identity).then(
          (changed) => changed && navigate('/'),
          // Forged or stale: the visitor goes on as who they were, a guest.
          () => undefined,
        )
      },
      article: (slug) => navigate(`/help/${encodeURIComponent(slug)}`),
    }),
  )
  createEffect(() => {
    if (visitorToken()) tellHost({ parley: 'visited' })
  })

  return (
    <div class="chat">
      <ChatHeader />
      <HelpdeskAvailability />
      {/* Offered in a conversation, where there is a reply to wait for. */}
      <Show when={inConversation()}>
        <PushOptIn />
      </Show>
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
