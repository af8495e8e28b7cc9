import { Tabs } from '@kobalte/core/tabs'
import { SearchIcon } from '@parley/ui'
import { createAsync, type RouteSectionProps, useMatch, useNavigate } from '@solidjs/router'
import { createSignal, onCleanup, Show, untrack } from 'solid-js'
import { ConversationList } from '../components/ConversationList.tsx'
import { InternalConversationDialog } from '../components/InternalConversationDialog.tsx'
import { OutboundConversationDialog } from '../components/OutboundConversationDialog.tsx'
import { getTeams } from '../data/agents.data.ts'
import type { ListFilter } from '../data/conversation.data.ts'
import { createInboxLayout, InboxLayoutContext, LIST_WIDTH } from '../data/inbox-layout.ts'
import { t } from '../i18n/index.ts'
import { useMe } from '../lib/me.context.ts'
import { useShortcut } from '../lib/shortcuts.ts'
import type { ConversationStatus, InboxSection } from '../lib/trpc.client.ts'

const SEARCH_DEBOUNCE_MS = 250

export default function InboxPage(props: RouteSectionProps) {
  const me = useMe()
  // Rule 9 decides on the server what each section holds, and whether this agent gets the tab at all.
  const seesCustomers = () => me().seesCustomerInbox
  const [section, setSection] = createSignal<InboxSection>(seesCustomers() ? 'customers' : 'mine')
  // "Team queues" for members of a team: what was routed to their teams, for any of them to take.
  const teams = createAsync(() => getTeams())
  const worksTeamQueues = () => (teams() ?? []).some((team) => team.mine)
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

  const arrangement = createInboxLayout(untrack(() => me().layout))
  onCleanup(arrangement.dispose)
  const enlarged = () => !!conversationOpen() && arrangement.layout().enlarged
  let listColumn: HTMLElement | undefined
  let searchField: HTMLInputElement | undefined

  // j and k walk the list as it is shown (section, filter, search); the row taken gets the focus.
  const navigate = useNavigate()
  const step = (by: 1 | -1) => {
    const rows = [
      ...(listColumn?.querySelectorAll<HTMLAnchorElement>('[role="tabpanel"] a[href^="/c/"]') ?? []),
    ]
    if (rows.length === 0) return
    const current = rows.findIndex(
      (row) => row.getAttribute('href') === `/c/${conversationOpen()?.params.id}`,
    )
    const next = rows[current === -1 ? (by === 1 ? 0 : rows.length - 1) : current + by]
    if (!next) return
    navigate(next.getAttribute('href') ?? '/')
    next.focus()
  }
  useShortcut('j', () => step(1))
  useShortcut('k', () => step(-1))
  useShortcut('/', () => searchField?.focus())

  return (
    <InboxLayoutContext.Provider value={arrangement}>
      <div
        class="inbox"
        classList={{ 'inbox--conversation-open': !!conversationOpen(), 'inbox--enlarged': enlarged() }}
        style={{ '--list-width': `${arrangement.layout().listWidth}px` }}
      >
        <section class="list-column" aria-label={t('inbox.listLabel')} ref={listColumn}>
          <header class="list-header">
            <h1 class="list-title">{t('inbox.title')}</h1>
            <div class="list-actions">
              <Show when={seesCustomers()}>
                <OutboundConversationDialog onStarted={() => setSection('mine')} />
              </Show>
              <InternalConversationDialog onStarted={() => setSection('internal')} />
            </div>
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
              <Show when={worksTeamQueues()}>
                <Tabs.Trigger value="team" class="tab">
                  {t('inbox.team')}
                </Tabs.Trigger>
              </Show>
              <Tabs.Trigger value="internal" class="tab">
                {t('inbox.internal')}
              </Tabs.Trigger>
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
                  ref={searchField}
                  type="search"
                  aria-keyshortcuts="/"
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
            <Show when={worksTeamQueues()}>
              <Tabs.Content value="team" class="tab-panel">
                <ConversationList filter={filter()} />
              </Tabs.Content>
            </Show>
            <Tabs.Content value="internal" class="tab-panel">
              <ConversationList filter={filter()} />
            </Tabs.Content>
          </Tabs>
        </section>
        <ListDivider
          width={arrangement.layout().listWidth}
          onResize={arrangement.setListWidth}
          leftEdge={() => listColumn?.getBoundingClientRect().left ?? 0}
        />
        <section class="thread-column">{props.children}</section>
      </div>
    </InboxLayoutContext.Provider>
  )
}

/**
 * The draggable edge between the list and the conversation; with the keyboard, a focusable separator
 * (arrow keys move it, Home and End go to the ends), as the WAI-ARIA window splitter pattern has it.
 */
function ListDivider(props: { width: number; onResize: (width: number) => void; leftEdge: () => number }) {
  const onPointerDown = (event: PointerEvent) => {
    const handle = event.currentTarget as HTMLElement
    handle.setPointerCapture(event.pointerId)
    const move = (moved: PointerEvent) => props.onResize(moved.clientX - props.leftEdge())
    const stop = () => {
      handle.removeEventListener('pointermove', move)
      handle.removeEventListener('pointerup', stop)
      handle.removeEventListener('pointercancel', stop)
    }
    handle.addEventListener('pointermove', move)
    handle.addEventListener('pointerup', stop)
    handle.addEventListener('pointercancel', stop)
  }
  const onKeyDown = (event: KeyboardEvent) => {
    const by = { ArrowLeft: -LIST_WIDTH.step, ArrowRight: LIST_WIDTH.step }[event.key]
    if (by !== undefined) props.onResize(props.width + by)
    else if (event.key === 'Home') props.onResize(LIST_WIDTH.min)
    else if (event.key === 'End') props.onResize(LIST_WIDTH.max)
    else return
    event.preventDefault()
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: a focusable, movable splitter is role="separator" with a value; <hr> cannot take focus or keys
    <div
      class="list-divider"
      role="separator"
      tabindex="0"
      aria-orientation="vertical"
      aria-label={t('inbox.divider')}
      aria-valuenow={props.width}
      aria-valuemin={LIST_WIDTH.min}
      aria-valuemax={LIST_WIDTH.max}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  )
}
