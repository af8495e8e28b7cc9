import {
  isParleyMessage,
  type ToChat,
  type ToHost,
  type WidgetIdentity,
  type WidgetPrefill,
} from './protocol.ts'

/**
 * Parley's website widget (issue 10, part 3): `<script src="https://<parley>/widget.js" async></script>`
 * on any allowed site. It shows a launcher at once and loads the chat — an iframe of Parley's own
 * `/chat` — only when opened (or, for a returning visitor, once the page is idle, so that a reply that
 * came while they were away shows on the badge). Everything lives in a shadow root, so neither the host
 * page's styles nor ours leak across.
 *
 * The host page talks to it through `window.Parley(command, argument)`; calls made before this script
 * loaded are queued by the snippet and run here in order:
 *   Parley('open') · Parley('close') · Parley('prefill', { name, email })
 *   Parley('identify', { userId, userHash, name, email })  — userHash: HMAC-SHA256(secret, userId), hex
 *   Parley('showArticle', 'slug-of-a-help-article')
 */

type Command =
  | ['open']
  | ['close']
  | ['toggle']
  | ['prefill', WidgetPrefill]
  | ['identify', WidgetIdentity]
  | ['showArticle', string]

interface ParleyFunction {
  (...command: Command): void
  q?: Command[]
}

declare global {
  interface Window {
    Parley?: ParleyFunction
  }
}

const VISITED_KEY = 'parley:visited'
const TOKEN_KEY = 'parley:token'

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

function store(key: string, value: string | null): void {
  try {
    if (value) localStorage.setItem(key, value)
    else localStorage.removeItem(key)
  } catch {}
}
const script = document.currentScript as HTMLScriptElement | null
const parleyOrigin = new URL(script?.src || location.href).origin
const german = /^de\b/i.test(navigator.language)
const words = german
  ? { open: 'Chat öffnen', close: 'Chat schließen', title: 'Chat', unread: (n: number) => `${n} ungelesen` }
  : { open: 'Open chat', close: 'Close chat', title: 'Chat', unread: (n: number) => `${n} unread` }

const STYLE = `
:host { all: initial; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483647; width: 56px; height: 56px;
  border: 0; border-radius: 50%; background: #4f46e5; color: #fff; cursor: pointer; display: grid;
  place-items: center; box-shadow: 0 6px 20px rgb(0 0 0 / .25); }
.launcher:focus-visible { outline: 3px solid #a5b4fc; outline-offset: 3px; }
.badge { position: absolute; top: -4px; right: -4px; min-width: 20px; height: 20px; padding: 0 6px;
  box-sizing: border-box; border-radius: 10px; background: #dc2626; color: #fff;
  font: 700 12px/20px system-ui, sans-serif; text-align: center; }
.panel { position: fixed; right: 20px; bottom: 88px; z-index: 2147483646; width: min(400px, calc(100vw - 40px));
  height: min(640px, calc(100vh - 108px)); border: 0; border-radius: 16px; background: #fff;
  box-shadow: 0 12px 40px rgb(0 0 0 / .3); }
.panel[hidden] { display: none; }
@media (max-width: 480px) { .panel { inset: 0; width: 100%; height: 100%; border-radius: 0; } }
`
const CHAT_ICON =
  '<svg width="26" height="26" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z"/></svg>'
const CLOSE_ICON =
  '<svg width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" aria-hidden="true"><path d="M18 6 6 18M6 6l12 12"/></svg>'

const host = document.createElement('div')
host.setAttribute('data-parley-widget', '')
const root = host.attachShadow({ mode: 'open' })
root.innerHTML = `<style>${STYLE}</style><button class="launcher" type="button" aria-expanded="false"></button>`
const launcher = root.querySelector('button') as HTMLButtonElement

let frame: HTMLIFrameElement | null = null
let chatReady = false
let open = false
let unread = 0
/** What the host page said before the chat could listen: sent once it says it is ready. */
const waiting: ToChat[] = []

function render(): void {
  launcher.innerHTML =
    (open ? CLOSE_ICON : CHAT_ICON) + (unread > 0 && !open ? '<span class="badge"></span>' : '')
  const badge = launcher.querySelector('.badge')
  if (badge) badge.textContent = String(unread)
  const label = open ? words.close : words.open
  launcher.setAttribute('aria-label', unread > 0 && !open ? `${label}, ${words.unread(unread)}` : label)
  launcher.title = label
  launcher.setAttribute('aria-expanded', String(open))
}

function tell(message: ToChat): void {
  if (frame?.contentWindow && chatReady) frame.contentWindow.postMessage(message, parleyOrigin)
  else waiting.push(message)
}

/** The chat, loaded once: closing only hides it, so it keeps listening and the badge stays true. */
function ensureFrame(): HTMLIFrameElement {
  if (frame) return frame
  frame = document.createElement('iframe')
  frame.className = 'panel'
  frame.hidden = true
  frame.title = words.title
  frame.allow = 'microphone; camera; autoplay; clipboard-write; fullscreen'
  // In the fragment: it never reaches a server, and the chat takes it out of its address at once.
  const token = stored(TOKEN_KEY)
  frame.src = `${parleyOrigin}/chat/?embed=1${token ? `#token=${encodeURIComponent(token)}` : ''}`
  root.append(frame)
  return frame
}

/** `byVisitor`: they clicked or pressed Escape, so the focus goes with them; the host page's calls leave it. */
function setOpen(next: boolean, byVisitor = false): void {
  open = next
  const panel = next ? ensureFrame() : frame
  if (panel) panel.hidden = !next
  render()
  if (frame) tell({ parley: 'shown', shown: next, focus: next && byVisitor })
  if (!byVisitor) return
  if (next) frame?.focus()
  else launcher.focus()
}

window.addEventListener('message', (event) => {
  if (event.origin !== parleyOrigin || !frame || event.source !== frame.contentWindow) return
  if (!isParleyMessage<ToHost>(event.data)) return
  const message = event.data
  switch (message.parley) {
    case 'ready':
      chatReady = true
      for (const queued of waiting.splice(0)) tell(queued)
      tell({ parley: 'shown', shown: open })
      break
    case 'unread':
      unread = Math.max(0, Math.floor(Number(message.count) || 0))
      render()
      break
    case 'visited':
      store(VISITED_KEY, '1')
      break
    case 'token':
      store(TOKEN_KEY, typeof message.token === 'string' ? message.token : null)
      break
    case 'close':
      setOpen(false, true)
      break
  }
})

launcher.addEventListener('click', () => setOpen(!open, true))
root.addEventListener('keydown', (event) => {
  if ((event as KeyboardEvent).key === 'Escape' && open) setOpen(false, true)
})

function run(command: Command): void {
  if (command[0] === 'open') setOpen(true)
  else if (command[0] === 'close') setOpen(false)
  else if (command[0] === 'toggle') setOpen(!open)
  else if (command[0] === 'prefill') tell({ parley: 'prefill', details: { ...command[1] } })
  else if (command[0] === 'showArticle') {
    setOpen(true)
    tell({ parley: 'article', slug: String(command[1]) })
  } else if (command[0] === 'identify') {
    // The identity is for the chat to prove: it has to load, even if the launcher is never clicked.
    ensureFrame()
    tell({ parley: 'identify', identity: { ...command[1] } })
  }
}

const queued = window.Parley?.q ?? []
const api: ParleyFunction = (...command) => run(command)
window.Parley = api
render()
document.body.append(host)
for (const command of queued) run(command)

if (stored(VISITED_KEY) === '1' && !frame) {
  const later = window.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 1500))
  later(() => ensureFrame())
}
