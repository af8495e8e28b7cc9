import {
  BookIcon,
  InboxIcon,
  LanguageSwitch,
  LogOutIcon,
  SettingsIcon,
  TextBlockIcon,
  TicketIcon,
  TrashIcon,
  UsersIcon,
} from '@parley/ui'
import {
  A,
  createAsync,
  type RouteSectionProps,
  revalidate,
  useAction,
  useLocation,
  useNavigate,
} from '@solidjs/router'
import { createEffect, type JSX, onCleanup, Show } from 'solid-js'
import { ShortcutHelp } from '../components/ShortcutHelp.tsx'
import { getMe, getSetupNeeded, signOut } from '../data/auth.data.ts'
import { getAttention, revalidateAttention, revalidateList } from '../data/conversation.data.ts'
import { pushInboxRow } from '../data/inbox-rows.ts'
import { locale, t } from '../i18n/index.ts'
import { createAlerts } from '../lib/alerts.ts'
import { avatarClass, initials } from '../lib/format.ts'
import { createInUse } from '../lib/in-use.ts'
import { MeContext, useMe } from '../lib/me.context.ts'
import { listenForShortcuts } from '../lib/shortcuts.ts'
import { api, realtimeConnected } from '../lib/trpc.client.ts'

/** Rule 11's red dot appears with time alone, without any event: refresh the list now and then. */
const LIST_REFRESH_MS = 10_000
const INBOX_RETRY_MS = 5_000

export default function AppShell(props: RouteSectionProps) {
  const navigate = useNavigate()
  const location = useLocation()
  const me = createAsync(() => getMe())

  createEffect(() => {
    if (me() !== null) return
    const back =
      location.pathname === '/' ? '' : `?next=${encodeURIComponent(location.pathname + location.search)}`
    void getSetupNeeded()
      .catch(() => false)
      .then((needed) => navigate(needed ? '/setup' : `/login${back}`, { replace: true }))
  })

  return (
    <Show when={me()}>
      {(agent) => (
        <MeContext.Provider value={agent}>
          <Shell>{props.children}</Shell>
        </MeContext.Provider>
      )}
    </Show>
  )
}

function Shell(props: { children?: JSX.Element }) {
  const me = useMe()
  const location = useLocation()
  const navigate = useNavigate()
  const doSignOut = useAction(signOut)

  const alert = createAlerts({
    me,
    openConversationId: () => /^\/c\/([^/]+)/.exec(location.pathname)?.[1],
    open: (conversationId) => navigate(`/c/${conversationId}`),
  })

  // One inbox stream for the whole session; it is also what makes this agent count as online. The socket
  // reconnects (and resumes from the last event) by itself; an error from the server ends the stream.
  let subscription: { unsubscribe(): void } | undefined
  let retry: ReturnType<typeof setTimeout> | undefined
  const listen = () => {
    subscription = api.conversation.onInbox.subscribe(
      { lastEventId: null },
      {
        onData: ({ data: event }) => {
          alert(event)
          // The lists on screen apply the row the event brings; only the title's count is asked again.
          pushInboxRow(event)
          revalidateAttention()
        },
        onError: () => {
          // Usually an expired session: asking again who is signed in leads to the login page. Otherwise
          // listen again, and refetch what may have been missed meanwhile.
          void revalidate(getMe.key)
          retry = setTimeout(() => {
            listen()
            revalidateList()
          }, INBOX_RETRY_MS)
        },
      },
    )
  }
  listen()
  const refresh = setInterval(() => {
    // The title's count matters most while the tab is in the background: it is refreshed even then.
    if (document.visibilityState === 'visible') revalidateList()
    else revalidateAttention()
  }, LIST_REFRESH_MS)
  onCleanup(() => {
    subscription?.unsubscribe()
    clearTimeout(retry)
    clearInterval(refresh)
    revalidateList.cancel()
    revalidateAttention.cancel()
  })

  onCleanup(listenForShortcuts())

  const inUse = createInUse()
  const myPresence = () => (!realtimeConnected() ? 'offline' : inUse() ? 'online' : 'away')

  // The agent's emails (rule 12) are written in the language they use the app in.
  createEffect(() => {
    void api.auth.setLocale.mutate({ locale: locale() }).catch(() => undefined)
  })

  // The tab says when something waits for this agent, while they work in another one.
  const attention = createAsync(() => getAttention())
  createEffect(() => {
    const waiting = attention() ?? 0
    document.title = waiting > 0 ? `(${waiting}) ${t('app.name')}` : t('app.name')
  })
  onCleanup(() => {
    document.title = t('app.name')
  })

  const onSignOut = async () => {
    try {
      await doSignOut()
    } finally {
      navigate('/login', { replace: true })
    }
  }

  return (
    <div class="shell">
      <aside class="sidebar">
        <div class="brand">
          <span class="brand-mark" aria-hidden="true">
            P
          </span>
          <span class="brand-name">{t('app.name')}</span>
        </div>
        <nav class="nav" aria-label={t('nav.label')}>
          <A
            href="/"
            // The inbox is "/" and its conversations "/c/…"; "/" alone would be a prefix of every page.
            end={!location.pathname.startsWith('/c/')}
            class="nav-link"
            activeClass="nav-link--active"
          >
            <InboxIcon />
            <span>{t('nav.inbox')}</span>
          </A>
          <Show when={me().seesCustomerInbox}>
            <A href="/contacts" class="nav-link" activeClass="nav-link--active">
              <UsersIcon />
              <span>{t('nav.contacts')}</span>
            </A>
          </Show>
          <A href="/tickets" class="nav-link" activeClass="nav-link--active">
            <TicketIcon />
            <span>{t('nav.tickets')}</span>
          </A>
          <A href="/knowledge-base" end={false} class="nav-link" activeClass="nav-link--active">
            <BookIcon />
            <span>{t('nav.knowledgeBase')}</span>
          </A>
          <A href="/text-blocks" class="nav-link" activeClass="nav-link--active">
            <TextBlockIcon />
            <span>{t('nav.textBlocks')}</span>
          </A>
          <Show when={me().role === 'admin'}>
            <A href="/trash" class="nav-link" activeClass="nav-link--active">
              <TrashIcon />
              <span>{t('nav.trash')}</span>
            </A>
            <A href="/settings" class="nav-link" activeClass="nav-link--active">
              <SettingsIcon />
              <span>{t('nav.settings')}</span>
            </A>
          </Show>
        </nav>
        <div class="sidebar-footer">
          <div class="me">
            {/* One's own name and avatar lead to the profile that changes them: "Profile: Anna". */}
            <A href="/profile" class="me-link" activeClass="me-link--active">
              <span class={avatarClass(me().colour)} aria-hidden="true">
                {initials(me().name)}
              </span>
              <span class="me-name">
                <span class="sr-only">{t('shell.profile')}: </span>
                <bdi>{me().name}</bdi>
              </span>
            </A>
            {/* As colleagues see this agent: no connection is offline, an unused tab away. */}
            <span class="presence" classList={{ [`presence--${myPresence()}`]: true }}>
              <span class="presence-dot" aria-hidden="true" />
              {t(`shell.${myPresence()}`)}
            </span>
          </div>
          <div class="sidebar-actions">
            <LanguageSwitch />
            <ShortcutHelp />
            <button type="button" class="button button--ghost button--small" onClick={onSignOut}>
              <LogOutIcon />
              <span>{t('shell.signOut')}</span>
            </button>
          </div>
        </div>
      </aside>
      <main class="main">{props.children}</main>
    </div>
  )
}
