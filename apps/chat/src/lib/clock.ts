import { createSignal } from 'solid-js'

const [now, setNow] = createSignal(new Date())

// "2 minutes ago" must move on by itself; half a minute is as precise as such labels get.
setInterval(() => setNow(new Date()), 30_000)

export { now }
