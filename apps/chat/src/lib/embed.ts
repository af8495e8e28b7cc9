import { isParleyMessage, type ToChat, type ToHost, type WidgetPrefill } from '@parley/widget/protocol'
import { createSignal } from 'solid-js'

/**
 * The chat inside the website widget's iframe (issue 10, part 3), on another site's page. It then takes
 * words from that page only — the window that framed it — and tells it what its launcher shows. Which
 * sites may frame it at all, the server decides (frame-ancestors from the admins' allow-list).
 */
export const embedded = window.parent !== window && new URLSearchParams(location.search).has('embed')

// A chat on its own page is shown; one in the widget only while its panel is open.
const [shown, setShown] = createSignal(!embedded)
const [prefill, setPrefill] = createSignal<WidgetPrefill>({})

/** Whether the widget's panel is open: a hidden chat marks nothing read. */
export const shownInWidget = shown

/** Name and email the host page filled in: hints for the start form, the visitor may change them. */
export { prefill }

/** The framing page's origin, as the browser tells it (Chromium and Safari; others by the referrer). */
function hostOrigin(): string {
  const ancestor = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins?.[0]
  if (ancestor) return ancestor
  try {
    return new URL(document.referrer).origin
  } catch {
    return '*'
  }
}

/** To the host page: only the framing page can read it (and only an allowed site may frame the chat). */
export function tellHost(message: ToHost): void {
  if (embedded) window.parent.postMessage(message, hostOrigin())
}

/**
 * The token the host page kept for this visitor (see `token` in the protocol), from the frame's address;
 * taken out of the address at once, so it is not left in the frame's history.
 */
export function tokenFromHost(): string | null {
  if (!embedded) return null
  const token = new URLSearchParams(location.hash.slice(1)).get('token')
  if (location.hash) history.replaceState(history.state, '', location.pathname + location.search)
  return token || null
}

/**
 * Listens to the host page; who the visitor is and where the chat goes are the caller's to act on.
 * Returns the function that stops it.
 */
export function listenToHost(handlers: {
  identify: (message: Extract<ToChat, { parley: 'identify' }>) => void
  article: (slug: string) => void
}): () => void {
  if (!embedded) return () => undefined
  const listener = (event: MessageEvent) => {
    if (event.source !== window.parent || !isParleyMessage<ToChat>(event.data)) return
    const message = event.data
    if (message.parley === 'shown') {
      setShown(message.shown === true)
      if (message.shown === true && message.focus === true) focusWhereToType()
    } else if (message.parley === 'prefill') setPrefill(cleanPrefill(message.details))
    else if (message.parley === 'identify') handlers.identify(message)
    else if (message.parley === 'article' && typeof message.slug === 'string') handlers.article(message.slug)
  }
  // Keys pressed in the chat stay in its frame: Escape closes the panel from here, unless something in
  // the chat (a dialog, a recording) took it first.
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('[role="dialog"]')) return
    tellHost({ parley: 'close' })
  }
  window.addEventListener('message', listener)
  document.addEventListener('keydown', onKey)
  tellHost({ parley: 'ready' })
  return () => {
    window.removeEventListener('message', listener)
    document.removeEventListener('keydown', onKey)
  }
}

const FIELDS = 'main :is(input:not([type="hidden"]):not([type="file"]), textarea, select)'

/**
 * The visitor opened the panel: the cursor goes to the first empty field of what the chat shows (the
 * start form's name, the composer, the help search), not to the top of the frame, three Tabs away. On the
 * first opening the page is still loading: it waits for a complete form, unless the visitor moved on first.
 */
function focusWhereToType(): void {
  const place = (): boolean => {
    // A form still loading its fields would put the cursor in the wrong one.
    if (document.querySelector('main [aria-busy="true"]')) return false
    const fields = [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(FIELDS)].filter(
      (field) => !field.disabled && (field.checkVisibility?.() ?? true),
    )
    const field = fields.find((candidate) => candidate.value === '') ?? fields[0]
    field?.focus()
    return field !== undefined
  }
  if (place()) return
  const observer = new MutationObserver(() => {
    if (place()) stop()
  })
  const stop = () => {
    observer.disconnect()
    clearTimeout(timer)
    document.removeEventListener('focusin', stop)
  }
  const timer = setTimeout(stop, 10_000)
  observer.observe(document.body, { childList: true, subtree: true, attributeFilter: ['aria-busy'] })
  document.addEventListener('focusin', stop)
}

function cleanPrefill(details: unknown): WidgetPrefill {
  const given = (details ?? {}) as Record<string, unknown>
  const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 254) : undefined)
  return { name: text(given.name), email: text(given.email) }
}
