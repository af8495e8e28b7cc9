import { createEffect, For, on, onCleanup, onMount, Show } from 'solid-js'
import type { ThreadMessage } from '../data/thread.ts'
import { t, tIsolated } from '../i18n/index.ts'
import { ConversationMessage } from './ConversationMessage.tsx'

// Within this distance of the bottom the reader is following along, so new messages scroll into view.
const followThresholdPx = 80

export function ConversationThread(props: {
  messages: ThreadMessage[]
  typing: string | null
  /** The message marked "Seen": the customer's latest that the team has read. */
  seenKey: string | null
}) {
  let scroller!: HTMLDivElement
  let following = true

  const scrollToEnd = () => {
    scroller.scrollTop = scroller.scrollHeight
  }

  onMount(() => {
    scrollToEnd()
    // The composer growing, or giving way to the closed notice, shrinks the thread: keep the end in view.
    const resize = new ResizeObserver(() => {
      if (following) scrollToEnd()
    })
    resize.observe(scroller)
    onCleanup(() => resize.disconnect())
  })

  createEffect(
    on(
      () => [props.messages.length, props.typing] as const,
      () => {
        const last = props.messages.at(-1)
        // One's own message always comes into view; someone else's only if one was at the bottom anyway.
        if (following || last?.authorKind === 'customer') queueMicrotask(scrollToEnd)
      },
    ),
  )

  const sameAuthorAsPrevious = (index: number) => {
    const current = props.messages[index]
    const previous = props.messages[index - 1]
    return (
      current !== undefined &&
      previous !== undefined &&
      previous.kind === 'text' &&
      previous.authorKind === current.authorKind &&
      previous.author?.id === current.author?.id
    )
  }

  return (
    <div
      class="thread-scroller"
      ref={scroller}
      onScroll={() => {
        following = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < followThresholdPx
      }}
    >
      <ol class="thread" aria-live="polite" aria-label={t('thread.label')}>
        <For each={props.messages}>
          {(message, index) => (
            <li classList={{ 'thread-item': true, 'thread-item-grouped': sameAuthorAsPrevious(index()) }}>
              <ConversationMessage
                message={message}
                showAuthor={!sameAuthorAsPrevious(index())}
                seen={message.key === props.seenKey}
              />
            </li>
          )}
        </For>
      </ol>
      <Show when={props.typing}>
        {(name) => (
          <p class="typing" role="status">
            <span class="typing-dots" aria-hidden="true">
              <span />
              <span />
              <span />
            </span>
            {tIsolated('thread.typing', { name: name() })}
          </p>
        )}
      </Show>
    </div>
  )
}
