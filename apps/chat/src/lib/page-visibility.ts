import { createSignal } from 'solid-js'

const [pageVisible, setPageVisible] = createSignal(document.visibilityState === 'visible')

document.addEventListener('visibilitychange', () => setPageVisible(document.visibilityState === 'visible'))

/** Whether the customer can see the page at all: only then do their messages count as read. */
export { pageVisible }
