import { AWAY_AFTER_IDLE_MS } from '@parley/domain'
import { createSignal, onCleanup } from 'solid-js'
import { api } from './trpc.client.ts'

/** Pointer moves come by the hundred: one counts per this long. */
const INPUT_THROTTLE_MS = 1_000

/**
 * Whether this tab is in use (issue 8, part 3): shown, and touched by pointer, keyboard or touch within
 * AWAY_AFTER_IDLE_MS. While it is, it holds `auth.active` open: colleagues see the agent online, not
 * away. Call inside a component; it stops with it.
 */
export function createInUse(): () => boolean {
  const [inUse, setInUse] = createSignal(document.visibilityState === 'visible')
  let lastInputAt = Date.now()
  let held: { unsubscribe(): void } | undefined
  let idleTimer: ReturnType<typeof setTimeout> | undefined

  const decide = () => {
    clearTimeout(idleTimer)
    const idleFor = Date.now() - lastInputAt
    const now = document.visibilityState === 'visible' && idleFor < AWAY_AFTER_IDLE_MS
    if (now) idleTimer = setTimeout(decide, AWAY_AFTER_IDLE_MS - idleFor)
    setInUse(now)
    if (now && !held) {
      // Ended by the server (signed out): held again with the next input, if there is a session then.
      held = api.auth.active.subscribe(undefined, {
        onError: () => {
          held = undefined
        },
      })
    }
    if (!now && held) {
      held.unsubscribe()
      held = undefined
    }
  }
  const onInput = () => {
    const now = Date.now()
    if (now - lastInputAt < INPUT_THROTTLE_MS && held) return
    lastInputAt = now
    decide()
  }
  const inputs = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const
  for (const type of inputs) window.addEventListener(type, onInput, { passive: true })
  document.addEventListener('visibilitychange', decide)
  decide()
  onCleanup(() => {
    for (const type of inputs) window.removeEventListener(type, onInput)
    document.removeEventListener('visibilitychange', decide)
    clearTimeout(idleTimer)
    held?.unsubscribe()
  })
  return inUse
}
