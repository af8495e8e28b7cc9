import { createEffect, createSignal, onCleanup } from 'solid-js'
import { pageVisible } from '../lib/page-visibility.ts'
import { api } from '../lib/trpc.client.ts'

/** How often an open chat page asks again whether the helpdesk answers now (presence is not in the log). */
const AVAILABILITY_REFRESH_MS = 20_000

export type Availability = Awaited<ReturnType<typeof api.customer.availability.query>>

/**
 * Whether the helpdesk answers now ("We usually reply in a few minutes" / "We are offline…"), asked on
 * opening, every 20 s while the page is visible, and again when it becomes visible. Unknown (undefined)
 * until the first answer, so the page never claims the wrong state while loading.
 */
export function createAvailability() {
  const [availability, setAvailability] = createSignal<Availability>()
  const ask = () =>
    api.customer.availability.query().then(setAvailability, () => {
      // Unreachable just now: keep the last answer; the connection banner says the rest.
    })
  createEffect(() => {
    if (!pageVisible()) return
    void ask()
    const timer = setInterval(() => void ask(), AVAILABILITY_REFRESH_MS)
    onCleanup(() => clearInterval(timer))
  })
  return availability
}
