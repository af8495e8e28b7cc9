import { ErrorPanel, Loading } from '@parley/ui'
import { createAsync, revalidate, useParams } from '@solidjs/router'
import { createEffect, createSignal, ErrorBoundary, on, onCleanup, Show, Suspense, untrack } from 'solid-js'
import { ContactDetails } from '../components/ContactDetails.tsx'
import { type ComposerMode, ConversationComposer } from '../components/ConversationComposer.tsx'
import { ConversationHeader } from '../components/ConversationHeader.tsx'
import { ConversationThread, type Typist } from '../components/ConversationThread.tsx'
import { getConversation, revalidateAttention } from '../data/conversation.data.ts'
import { createThreadStore } from '../data/conversation-thread.store.ts'
import { pushInboxRow } from '../data/inbox-rows.ts'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'
import { useMe } from '../lib/me.context.ts'
import { useShortcut } from '../lib/shortcuts.ts'
import { coalesce } from '../lib/timing.ts'
import { api, type ConversationDetail, type MessageDTO } from '../lib/trpc.client.ts'

/** How often an open conversation says so, and how long a colleague's "is viewing" lasts without that. */
const VIEWING_REPEAT_MS = 10_000
const VIEWING_TTL_MS = 25_000
/** How long "Sam is typing…" stays without a new signal; senders repeat it every 2 s while typing. */
const TYPING_TTL_MS = 5_000

export default function ConversationPage() {
  const params = useParams<{ id: string }>()
  // Keyed: another conversation is a fresh view, with its own subscriptions, store and composer.
  return (
    <Show when={params.id} keyed>
      {(id) => (
        <ErrorBoundary
          fallback={(error, reset) => (
            <ErrorPanel
              message={errorMessage(error)}
              onRetry={() => {
                void revalidate(getConversation.keyFor(id))
                reset()
              }}
            />
          )}
        >
          <Suspense fallback={<Loading />}>
            <ConversationLoader id={id} />
          </Suspense>
        </ErrorBoundary>
      )}
    </Show>
  )
}

function ConversationLoader(props: { id: string }) {
  const detail = createAsync(() => getConversation(props.id))
  return <Show when={detail()}>{(loaded) => <ConversationView id={props.id} detail={loaded()} />}</Show>
}

function ConversationView(props: { id: string; detail: ConversationDetail }) {
  const me = useMe()
  const thread = createThreadStore()
  const [conversation, setConversation] = createSignal(untrack(() => props.detail.conversation))
  const [mode, setMode] = createSignal<ComposerMode>('reply')
  /** r and n: that mode, and the cursor in the message box (where the composer shows one). */
  const write = (next: ComposerMode) => {
    setMode(next)
    queueMicrotask(() => document.querySelector<HTMLTextAreaElement>('.composer-input')?.focus())
  }
  useShortcut('r', () => write('reply'))
  useShortcut('n', () => write('note'))
  const [typists, setTypists] = createSignal<Typist[]>([])
  const [viewers, setViewers] = createSignal<string[]>([])

  const isMine = (message: MessageDTO) => message.authorKind === 'agent' && message.author?.id === me().id

  let readWhenVisible = false
  const markRead = coalesce(() => {
    if (document.visibilityState !== 'visible') {
      readWhenVisible = true
      return
    }
    readWhenVisible = false
    // The read row comes back: the lists drop its unread count and its dot without fetching again; the
    // title's count is asked again.
    api.conversation.markRead.mutate({ conversationId: props.id }).then(
      (read) => {
        pushInboxRow(read)
        revalidateAttention()
      },
      () => {},
    )
  }, 250)
  const onVisibility = () => {
    if (readWhenVisible && document.visibilityState === 'visible') markRead()
  }
  document.addEventListener('visibilitychange', onVisibility)

  thread.merge(untrack(() => props.detail.messages))
  markRead()

  // A refetch (after an action, or to pick up canReply after a live change) brings the authoritative state.
  createEffect(
    on(
      () => props.detail,
      (detail) => {
        setConversation(detail.conversation)
        thread.merge(detail.messages)
      },
      { defer: true },
    ),
  )

  const refreshDetail = coalesce(() => void revalidate(getConversation.keyFor(props.id)), 100)

  const typingTimers = new Map<string, ReturnType<typeof setTimeout>>()
  const stopTyping = (name: string) => {
    clearTimeout(typingTimers.get(name))
    typingTimers.delete(name)
    setTypists((list) => list.filter((typist) => typist.name !== name))
  }

  const threadSubscription = api.conversation.onThread.subscribe(
    { conversationId: props.id, lastEventId: untrack(() => props.detail.lastEventId) },
    {
      onData: ({ data: event }) => {
        if (event.type === 'message.created') {
          const added = thread.merge([event.message])
          if (event.message.author) stopTyping(event.message.author.name)
          // What the header shows besides the row: the other end of a link, who is in it.
          const system = event.message.system?.type
          if (
            system === 'linked_to_ticket' ||
            system === 'conversation_linked' ||
            system === 'participant_added'
          )
            refreshDetail()
          if (added.some((message) => !isMine(message))) markRead()
        } else if (event.type === 'conversation.removed') {
          // Moved to Trash: refetching shows that it is gone.
          refreshDetail()
        } else {
          // It carries the server's verdict on replying for me (replyRefusal): nothing to refetch.
          setConversation(event.conversation)
        }
      },
      // Access lost, or the conversation is gone: refetching surfaces the reason in the error boundary.
      onError: () => refreshDetail(),
    },
  )

  // Collision detection: say "I have it open" now and every VIEWING_REPEAT_MS, "I left" on the way out;
  // a colleague's view expires VIEWING_TTL_MS after their last word (a closed laptop says nothing).
  const viewId = crypto.randomUUID()
  const announceViewing = (present: boolean) =>
    api.conversation.viewing.mutate({ conversationId: props.id, viewId, present }).catch(() => {})
  announceViewing(true)
  const viewingRepeat = setInterval(() => announceViewing(true), VIEWING_REPEAT_MS)
  /** Colleagues' open views: an agent with two tabs open is one name, until both have gone. */
  const views = new Map<string, { agentId: string; name: string; expiry: ReturnType<typeof setTimeout> }>()
  const showViewers = () =>
    setViewers([...new Map([...views.values()].map((view) => [view.agentId, view.name])).values()])
  const dropView = (id: string) => {
    clearTimeout(views.get(id)?.expiry)
    views.delete(id)
    showViewers()
  }
  const onViewing = (viewing: { viewId: string; agentId: string; name: string; present: boolean }) => {
    if (!viewing.present) return dropView(viewing.viewId)
    const known = views.has(viewing.viewId)
    clearTimeout(views.get(viewing.viewId)?.expiry)
    views.set(viewing.viewId, {
      agentId: viewing.agentId,
      name: viewing.name,
      expiry: setTimeout(() => dropView(viewing.viewId), VIEWING_TTL_MS),
    })
    showViewers()
    // A view just opened learns at once who was already here, instead of after the next repeat.
    if (!known) announceViewing(true)
  }

  const typingSubscription = api.conversation.onTyping.subscribe(
    { conversationId: props.id },
    {
      onData: (event) => {
        if (event.kind === 'viewing') return onViewing(event)
        const name = event.name
        clearTimeout(typingTimers.get(name))
        typingTimers.set(
          name,
          setTimeout(() => stopTyping(name), TYPING_TTL_MS),
        )
        setTypists((list) => [
          ...list.filter((typist) => typist.name !== name),
          { name, visibility: event.visibility, authorKind: event.authorKind },
        ])
      },
    },
  )

  onCleanup(() => {
    threadSubscription.unsubscribe()
    typingSubscription.unsubscribe()
    refreshDetail.cancel()
    markRead.cancel()
    for (const timer of typingTimers.values()) clearTimeout(timer)
    for (const view of views.values()) clearTimeout(view.expiry)
    clearInterval(viewingRepeat)
    announceViewing(false)
    document.removeEventListener('visibilitychange', onVisibility)
  })

  // Rule 2 puts "Assign to me" into the composer while replying is blocked on an unassigned conversation;
  // the header offers it otherwise, so there is always exactly one such button.
  const composerOffersAssign = () =>
    mode() === 'reply' && conversation().replyRefusal === 'NOT_ASSIGNED' && !conversation().assignee

  return (
    <div class="conversation-layout">
      <div class="conversation">
        <ConversationHeader
          conversation={conversation()}
          messages={thread.messages}
          links={props.detail.links}
          participants={props.detail.participants}
          offerAssignToMe={!composerOffersAssign()}
        />
        <ConversationThread
          conversation={conversation()}
          messages={thread.messages}
          typists={typists()}
          viewers={viewers()}
        />
        <ConversationComposer
          conversation={conversation()}
          replyRefusal={conversation().replyRefusal}
          mode={mode()}
          onModeChange={setMode}
          thread={thread}
          participantIds={props.detail.participants.map((participant) => participant.id)}
        />
      </div>
      {/* Who the customer is, beside the thread, for those who work with contacts. */}
      <Show when={me().seesCustomerInbox && conversation().contact}>
        {(contact) => (
          <aside class="contact-panel" aria-label={t('contacts.details')}>
            {/* Its own boundary: loading the contact never suspends the thread (and moves no focus). */}
            <Suspense>
              <ContactDetails contactId={contact().id} currentConversationId={props.id} compact />
            </Suspense>
          </aside>
        )}
      </Show>
    </div>
  )
}
