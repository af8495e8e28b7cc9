import { type Accessor, createSignal } from 'solid-js'

// Relative times show whole minutes at best; a tick every third of a minute keeps them close enough.
const TICK_MS = 20_000

let ticking: Accessor<Date> | undefined

/**
 * The time for relative labels ("2 minutes ago"), as a signal, so every label on the page moves on together.
 * It starts ticking when first read: importing the kit starts no timer.
 */
export function now(): Date {
  if (!ticking) {
    const [time, setTime] = createSignal(new Date())
    setInterval(() => setTime(new Date()), TICK_MS)
    ticking = time
  }
  return ticking()
}
