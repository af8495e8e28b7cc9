import { EyeIcon } from '@parley/ui'
import { createEffect, createMemo, For, on, onCleanup, onMount, Show } from 'solid-js'
import type { ThreadMessage } from '../data/conversation-thread.store.ts'
import { t, tIsolated } from '../i18n/index.ts'
import { contactName } from '../lib/format.ts'
import { useMe } from '../lib/me.context.ts'
import type { ConversationDTO } from '../lib/trpc.client.ts'
import { ConversationMessage } from './ConversationMessage.tsx'

export interface Typist {
  name: string
  visibility: 'public' | 'internal'
  authorKind: 'agent' | 'customer'
}

/** Within this many pixels of the end counts as "reading the latest": new messages then scroll into view. */
const STICKY_BOTTOM_PX = 120

export function ConversationThread(props: {
  conversation: ConversationDTO
  messages: readonly ThreadMessage[]
  typists: Typist[]
  /** Colleagues who have this conversation open (collision detection). */
  viewers: string[]
}) {
  const me = useMe()
  let scroller: HTMLDivElement | undefined
  let atBottom = true

  const scrollToEnd = () => {
    if (scroller) scroller.scrollTop = scroller.scrollHeight
  }
  onMount(() => {
    scrollToEnd()
    // The composer changes height (notice, textarea, errors) and so does the window: stay pinned to the
    // latest message while the agent is reading it.
    const observer = new ResizeObserver(() => {
      if (atBottom) scrollToEnd()
    })
    if (scroller) {
      observer.observe(scroller)
      if (scroller.firstElementChild) observer.observe(scroller.firstElementChild)
    }
    onCleanup(() => observer.disconnect())
  })

  createEffect(
    on(
      () => props.messages.length,
      () => {
        const last = props.messages.at(-1)
        const mine = last?.authorKind === 'agent' && last.author?.id === me().id
        if (atBottom || mine) queueMicrotask(scrollToEnd)
      },
      { defer: true },
    ),
  )

  /** Issue 10: the latest reply (any agent's) the customer has read; never a note, which they cannot see. */
  const seenReply = createMemo(() => {
    const readAt = props.conversation.seenByCustomerAt
    if (!readAt) return null
    return (
      props.messages.findLast(
        (message) =>
          message.authorKind === 'agent' &&
          message.visibility === 'public' &&
          message.kind === 'text' &&
          !message.pending &&
          message.createdAt.getTime() <= readAt.getTime(),
      )?.key ?? null
    )
  })

  const typingText = () => {
    const typing = props.typists.map((typist) => {
      const name = typist.name || contactName(props.conversation.contact)
      const label = typist.visibility === 'internal' ? `${name} ${t('typing.note')}` : name
      return { name, label }
    })
    const [first, second] = typing
    if (!first) return ''
    if (!second) {
      const [typist] = props.typists
      // A colleague's draft says what it will be: a reply the customer gets, or a note.
      if (typist?.authorKind === 'agent') {
        return tIsolated(typist.visibility === 'internal' ? 'typing.oneNote' : 'typing.oneReply', {
          name: first.name,
        })
      }
      return tIsolated('typing.one', { name: first.name })
    }
    return tIsolated('typing.two', { first: first.label, second: second.label })
  }

  /** "Anna is viewing": colleagues with it open, besides those already shown typing. */
  const viewingText = () => {
    const typing = new Set(props.typists.map((typist) => typist.name))
    const [first, second, ...rest] = props.viewers.filter((name) => !typing.has(name))
    if (!first) return ''
    if (!second) return tIsolated('viewing.one', { name: first })
    if (rest.length === 0) return tIsolated('viewing.two', { first, second })
    return tIsolated('viewing.many', { first, count: String(rest.length + 1) })
  }

  return (
    <div class="thread-wrap">
      <div
        class="thread"
        ref={scroller}
        role="log"
        aria-live="polite"
        aria-label={t('thread.label')}
        tabindex="0"
        onScroll={(event) => {
          const el = event.currentTarget
          atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < STICKY_BOTTOM_PX
        }}
      >
        <div class="thread-inner">
          <For each={props.messages}>
            {(message) => (
              <ConversationMessage
                message={message}
                conversation={props.conversation}
                seen={message.key === seenReply()}
              />
            )}
          </For>
        </div>
      </div>
      <div class="typing" aria-live="polite">
        <Show when={typingText()}>
          {(text) => (
            <span class="typing-text">
              <span class="typing-dots" aria-hidden="true">
                <span />
                <span />
                <span />
              </span>
              {text()}
            </span>
          )}
        </Show>
        <Show when={viewingText()}>
          {(text) => (
            <span class="viewing-text">
              <EyeIcon />
              {text()}
            </span>
          )}
        </Show>
      </div>
    </div>
  )
}
