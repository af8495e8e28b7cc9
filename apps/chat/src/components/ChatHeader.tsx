import { BookIcon, ChatIcon, ChevronLeftIcon, CloseIcon, LanguageSwitch } from '@parley/ui'
import { useMatch, useNavigate, useResolvedPath } from '@solidjs/router'
import { createMemo, Show } from 'solid-js'
import { chat, findConversation } from '../data/conversation.store.ts'
import { t, tIsolated } from '../i18n/index.ts'
import { embedded, tellHost } from '../lib/embed.ts'
import { visitorToken } from '../lib/visitor-token.ts'

export function ChatHeader() {
  const navigate = useNavigate()
  // The location includes the router's base ('/chat'); resolving the patterns adds it to them too.
  const conversationPath = useResolvedPath(() => '/c/:id')
  const startPath = useResolvedPath(() => '/new')
  const inConversation = useMatch(() => conversationPath() ?? '')
  const onStartForm = useMatch(() => startPath() ?? '')
  const conversation = createMemo(() => {
    const id = inConversation()?.params.id
    return id ? findConversation(id) : undefined
  })

  // News elsewhere — a reply in another conversation, or one the team just started — shows on the way back.
  const unreadElsewhere = () =>
    chat.conversations.filter((other) => other.id !== inConversation()?.params.id && other.unread > 0).length
  const backLabel = () =>
    unreadElsewhere() > 0 ? t('header.backUnread', { count: unreadElsewhere() }) : t('header.back')

  const status = () => {
    const current = conversation()
    if (!current) return t('header.intro')
    const state = current.status === 'closed' ? t('header.closed') : t('header.open')
    if (current.ticket) return `${t('header.ticket', { number: current.ticket.number })} · ${state}`
    if (current.status === 'closed') return state
    return current.assignee
      ? tIsolated('header.withAgent', { name: current.assignee.name })
      : t('header.waiting')
  }

  return (
    <header class="chat-header">
      <Show when={visitorToken() && (inConversation() || onStartForm())}>
        <button
          type="button"
          class="icon-button back-button"
          aria-label={backLabel()}
          title={backLabel()}
          onClick={() => navigate('/conversations')}
        >
          <ChevronLeftIcon size={24} />
          <Show when={unreadElsewhere() > 0}>
            <span class="back-badge" aria-hidden="true">
              {unreadElsewhere()}
            </span>
          </Show>
        </button>
      </Show>
      <div class="chat-header-avatar" aria-hidden="true">
        <ChatIcon size={20} />
      </div>
      <div class="chat-header-text">
        <h1 class="chat-header-title">{t('app.title')}</h1>
        <p class="chat-header-status">{status()}</p>
      </div>
      <button
        type="button"
        class="icon-button"
        aria-label={t('help.open')}
        title={t('help.open')}
        onClick={() => navigate('/help')}
      >
        <BookIcon size={20} />
      </button>
      <LanguageSwitch />
      <Show when={embedded}>
        <button
          type="button"
          class="icon-button"
          aria-label={t('header.closeWidget')}
          title={t('header.closeWidget')}
          onClick={() => tellHost({ parley: 'close' })}
        >
          <CloseIcon size={22} />
        </button>
      </Show>
    </header>
  )
}
