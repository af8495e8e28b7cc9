import { ErrorPanel, Loading, PlusIcon } from '@parley/ui'
import { Navigate, useNavigate } from '@solidjs/router'
import { createResource, For, Match, Show, Switch } from 'solid-js'
import { ConversationListItem } from '../components/ConversationListItem.tsx'
import { chat, loadConversations } from '../data/conversation.store.ts'
import { withFailureMessage } from '../data/visitor.data.ts'
import { t } from '../i18n/index.ts'
import { visitorToken } from '../lib/visitor-token.ts'

export default function ConversationListPage() {
  return (
    <Show when={visitorToken()} fallback={<Navigate href="/" />}>
      <ConversationList />
    </Show>
  )
}

function ConversationList() {
  const navigate = useNavigate()
  const [load, { refetch }] = createResource(() => withFailureMessage(loadConversations()))

  return (
    <section class="conversation-list" aria-labelledby="conversation-list-title">
      <div class="conversation-list-header">
        <h2 id="conversation-list-title">{t('list.title')}</h2>
        <button type="button" class="button button-primary" onClick={() => navigate('/new')}>
          <PlusIcon size={18} />
          {t('list.new')}
        </button>
      </div>
      <Switch>
        <Match when={load.error && !chat.listLoaded}>
          <ErrorPanel message={(load.error as Error).message} onRetry={refetch} />
        </Match>
        <Match when={!chat.listLoaded}>
          <Loading />
        </Match>
        <Match when={chat.conversations.length === 0}>
          <p class="empty">{t('list.empty')}</p>
        </Match>
        <Match when={true}>
          <ul class="conversation-items">
            <For each={chat.conversations}>
              {(conversation) => (
                <li>
                  <ConversationListItem conversation={conversation} />
                </li>
              )}
            </For>
          </ul>
        </Match>
      </Switch>
    </section>
  )
}
