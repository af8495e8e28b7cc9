import { Tabs } from '@kobalte/core/tabs'
import { type RouteSectionProps, useMatch } from '@solidjs/router'
import { createSignal, onCleanup, Show } from 'solid-js'
import { ConversationList } from '../components/ConversationList.tsx'
import { SearchIcon } from '../components/Icon.tsx'
import type { ListFilter } from '../data/conversation.data.ts'
import { t } from '../i18n/index.ts'
import { useMe } from '../lib/me.context.ts'
import type { ConversationStatus, InboxSection } from '../lib/trpc.client.ts'

const SEARCH_DEBOUNCE_MS = 250

export default function InboxPage(props: RouteSectionProps) {
  const me = useMe()
  // Rule 9 decides on the server what each section holds, and whether this agent gets the tab at all.
  const seesCustomers = () => me().seesCustomerInbox
  const [section, setSection] = createSignal<InboxSection>(seesCustomers() ? 'customers' : 'mine')
  const [status, setStatus] = createSignal<ConversationStatus>('open')
  const [searchText, setSearchText] = createSignal('')
  const [search, setSearch] = createSignal('')
  const conversationOpen = useMatch(() => '/c/:id')

  let debounce: ReturnType<typeof setTimeout> | undefined
  const onSearchInput = (value: string) => {
    setSearchText(value)
    clearTimeout(debounce)
    debounce = setTimeout(() => setSearch(value.trim()), SEARCH_DEBOUNCE_MS)
  }
  onCleanup(() => clearTimeout(debounce))

  const filter = (): ListFilter => ({ section: section(), status: status(), search: search() })

  return (
    <div class="inbox" classList={{ 'inbox--conversation-open': !!conversationOpen() }}>
      <section class="list-column" aria-label={t('inbox.listLabel')}>
        <header class="list-header">
          <h1 class="list-title">{t('inbox.title')}</h1>
        </header>
        <Tabs value={section()} onChange={(value) => setSection(value as InboxSection)} class="tabs">
          <Tabs.List class="tabs-list" aria-label={t('inbox.sections')}>
            <Show when={seesCustomers()}>
              <Tabs.Trigger value="customers" class="tab">
                {t('inbox.fromCustomers')}
              </Tabs.Trigger>
            </Show>
            <Tabs.Trigger value="mine" class="tab">
              {t('inbox.mine')}
            </Tabs.Trigger>
            <Tabs.Indicator class="tabs-indicator" />
          </Tabs.List>
          <div class="list-toolbar">
            <fieldset class="segmented" aria-label={t('inbox.statusFilter')}>
              <button
                type="button"
                class="segmented-button"
                aria-pressed={status() === 'open'}
                onClick={() => setStatus('open')}
              >
                {t('inbox.open')}
              </button>
              <button
                type="button"
                class="segmented-button"
                aria-pressed={status() === 'closed'}
                onClick={() => setStatus('closed')}
              >
                {t('inbox.closed')}
              </button>
            </fieldset>
            <label class="search">
              <SearchIcon />
              <input
                type="search"
                aria-label={t('inbox.search')}
                placeholder={t('inbox.searchPlaceholder')}
                value={searchText()}
                onInput={(event) => onSearchInput(event.currentTarget.value)}
              />
            </label>
          </div>
          <Show when={seesCustomers()}>
            <Tabs.Content value="customers" class="tab-panel">
              <ConversationList filter={filter()} />
            </Tabs.Content>
          </Show>
          <Tabs.Content value="mine" class="tab-panel">
            <ConversationList filter={filter()} />
          </Tabs.Content>
        </Tabs>
      </section>
      <section class="thread-column">{props.children}</section>
    </div>
  )
}
