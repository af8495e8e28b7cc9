import { Loading } from '@parley/ui'
import { createAsync, useMatch } from '@solidjs/router'
import { createComputed, For, on, onCleanup, Show, Suspense } from 'solid-js'
import { createStore, reconcile, unwrap } from 'solid-js/store'
import { getConversations, type ListFilter, revalidateList } from '../data/conversation.data.ts'
import { applyInboxEvent, INBOX_LIST_LIMIT, onInboxRow } from '../data/inbox-rows.ts'
import { t } from '../i18n/index.ts'
import type { ConversationDTO } from '../lib/trpc.client.ts'
import { ConversationListItem } from './ConversationListItem.tsx'

export function ConversationList(props: { filter: ListFilter }) {
  return (
    <Suspense fallback={<Loading />}>
      <ConversationListItems filter={props.filter} />
    </Suspense>
  )
}

function ConversationListItems(props: { filter: ListFilter }) {
  const fetched = createAsync(() => getConversations(props.filter))
  // Reconciled by id: a pushed row or a refetch updates the rows in place instead of replacing them, so
  // the row a keyboard user is on keeps its focus (and the list does not flicker).
  const [rows, setRows] = createStore<ConversationDTO[]>([])
  createComputed(
    on(fetched, (list) => {
      if (list) setRows(reconcile(newerOf(list, unwrap(rows)), { key: 'id' }))
    }),
  )
  // Live: every pushed row lands here as the server would list it; a fresh read only where it cannot tell.
  onCleanup(
    onInboxRow((event) => {
      const next = applyInboxEvent(unwrap(rows), props.filter, event, INBOX_LIST_LIMIT)
      if (next === 'refetch') revalidateList()
      else if (next !== 'unchanged') setRows(reconcile(next, { key: 'id' }))
    }),
  )
  const open = useMatch(() => '/c/:id')
  const emptyText = () => {
    if (props.filter.search) return t('inbox.emptySearch', { search: props.filter.search })
    return props.filter.status === 'open' ? t('inbox.emptyOpen') : t('inbox.emptyClosed')
  }
  return (
    // Reading `fetched` suspends until the first answer: the Loading fallback, not "no conversations".
    <Show when={fetched()}>
      <Show when={rows.length > 0} fallback={<p class="list-empty">{emptyText()}</p>}>
        <ul class="conversation-list">
          <For each={rows}>
            {(conversation) => (
              <ConversationListItem
                conversation={conversation}
                open={open()?.params.id === conversation.id}
              />
            )}
          </For>
        </ul>
      </Show>
    </Show>
  )
}

/**
 * A fetch answered before rows pushed since it was asked must not take them back: a row that moved on
 * since (a later last message) stays as pushed.
 */
function newerOf(fetched: ConversationDTO[], shown: readonly ConversationDTO[]): ConversationDTO[] {
  const byId = new Map(shown.map((row) => [row.id, row]))
  return fetched.map((row) => {
    const pushed = byId.get(row.id)
    return pushed && pushed.lastMessageAt.getTime() > row.lastMessageAt.getTime() ? pushed : row
  })
}
