import { createAsync, revalidate, useParams } from '@solidjs/router'
import { createEffect, createSignal, ErrorBoundary, on, onCleanup, Show, Suspense, untrack } from 'solid-js'
import { ContactDetails } from '../components/ContactDetails.tsx'
import { type ComposerMode, ConversationComposer } from '../components/ConversationComposer.tsx'
import { ConversationHeader } from '../components/ConversationHeader.tsx'
import { ConversationThread, type Typist } from '../components/ConversationThread.tsx'
import { ErrorPanel } from '../components/ErrorPanel.tsx'
import { Loading } from '../components/Loading.tsx'
import { getConversation, revalidateList } from '../data/conversation.data.ts'
import { createThreadStore } from '../data/conversation-thread.store.ts'
import { t } from '../i18n/index.ts'
import { useMe } from '../lib/me.context.ts'
import { coalesce } from '../lib/timing.ts'
import { api, type ConversationDetail, type MessageDTO } from '../lib/trpc.client.ts'

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
              error={error}
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
  const [typists, setTypists] = createSignal<Typist[]>([])

  const isMine = (message: MessageDTO) => message.authorKind === 'agent' && message.author?.id === me().id

  let readWhenVisible = false
  const markRead = coalesce(() => {
    if (document.visibilityState !== 'visible') {
      readWhenVisible = true
      return
    }
    readWhenVisible = false
    api.conversation.markRead.mutate({ conversationId: props.id }).then(
      () => revalidateList(),
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
          if (added.some((message) => !isMine(message))) markRead()
        } else if (event.type === 'conversation.removed') {
          // Moved to Trash: refetching shows that it is gone.
          refreshDetail()
        } else {
          setConversation(event.conversation)
          // Whether I may reply is the server's call; ask again rather than guess from the new state.
          refreshDetail()
        }
      },
      // Access lost, or the conversation is gone: refetching surfaces the reason in the error boundary.
      onError: () => refreshDetail(),
    },
  )

  const typingSubscription = api.conversation.onTyping.subscribe(
    { conversationId: props.id },
    {
      onData: (event) => {
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
    document.removeEventListener('visibilitychange', onVisibility)
  })

  // Rule 2 puts "Assign to me" into the composer while replying is blocked on an unassigned conversation;
  // the header offers it otherwise, so there is always exactly one such button.
  const composerOffersAssign = () =>
    mode() === 'reply' && props.detail.replyRefusal === 'NOT_ASSIGNED' && !conversation().assignee

  return (
    <div class="conversation-layout">
      <div class="conversation">
        <ConversationHeader
          conversation={conversation()}
          messages={thread.messages}
          offerAssignToMe={!composerOffersAssign()}
        />
        <ConversationThread conversation={conversation()} messages={thread.messages} typists={typists()} />
        <ConversationComposer
          conversation={conversation()}
          replyRefusal={props.detail.replyRefusal}
          mode={mode()}
          onModeChange={setMode}
          thread={thread}
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
