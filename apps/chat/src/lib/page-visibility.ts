import { createSignal } from 'solid-js'
import { shownInWidget } from './embed.ts'

const [tabVisible, setTabVisible] = createSignal(document.visibilityState === 'visible')

document.addEventListener('visibilitychange', () => setTabVisible(document.visibilityState === 'visible'))

/**
 * Whether the customer can see the chat at all: only then do their messages count as read. In the
 * website widget that also needs its panel open; a chat loaded early behind the launcher reads nothing.
 */
export const pageVisible = () => tabVisible() && shownInWidget()
