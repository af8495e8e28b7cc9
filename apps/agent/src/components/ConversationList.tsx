import { createAsyncStore, useMatch } from '@solidjs/router'
import { For, Show, Suspense } from 'solid-js'
import { getConversations, type ListFilter } from '../data/conversation.data.ts'
import { t } from '../i18n/index.ts'
import { ConversationListItem } from './ConversationListItem.tsx'
import { Loading } from './Loading.tsx'

export function ConversationList(props: { filter: ListFilter }) {
  return (
    <Suspense fallback={<Loading />}>
      <ConversationListItems filter={props.filter} />
    </Suspense>
  )
}

function ConversationListItems(props: { filter: ListFilter }) {
  // Reconciled by id: a live refetch updates the rows in place instead of replacing them, so the row a
  // keyboard user is on keeps its focus (and the list does not flicker).
  const conversations = createAsyncStore(() => getConversations(props.filter), { reconcile: { key: 'id' } })
  const open = useMatch(() => '/c/:id')
  const emptyText = () => {
    if (props.filter.search) return t('inbox.emptySearch', { search: props.filter.search })
    return props.filter.status === 'open' ? t('inbox.emptyOpen') : t('inbox.emptyClosed')
  }
  return (
    <Show when={conversations()}>
      {(list) => (
        <Show when={list().length > 0} fallback={<p class="list-empty">{emptyText()}</p>}>
          <ul class="conversation-list">
            <For each={list()}>
              {(conversation) => (
                <ConversationListItem
                  conversation={conversation}
                  open={open()?.params.id === conversation.id}
                />
              )}
            </For>
          </ul>
        </Show>
      )}
    </Show>
  )
}
