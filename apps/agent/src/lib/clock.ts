import { createRoot, createSignal } from 'solid-js'

/** A coarse clock for relative times ("2 min ago"), shared so every row ticks together. */
export const now = createRoot(() => {
  const [value, setValue] = createSignal(Date.now())
  setInterval(() => setValue(Date.now()), 20_000)
  return value
})
