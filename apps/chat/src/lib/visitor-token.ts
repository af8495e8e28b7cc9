import { createSignal } from 'solid-js'
import { tellHost, tokenFromHost } from './embed.ts'

const storageKey = 'parley.visitor'

// Storage throws in sandboxed or third-party iframes (the widget); the chat then lasts as long as the page.
function read(): string | null {
  try {
    return localStorage.getItem(storageKey)
  } catch {
    return null
  }
}

/** Whether the browser kept it. */
function write(token: string | null): boolean {
  try {
    if (token) localStorage.setItem(storageKey, token)
    else localStorage.removeItem(storageKey)
    return true
  } catch {
    return false
  }
}

const [token, setTokenSignal] = createSignal<string | null>(read() ?? tokenFromHost())

/** The visitor's secret: proves to the server which contact this browser is. */
export const visitorToken = token

export function setVisitorToken(next: string | null): void {
  // A widget frame whose storage the browser blocks: the host page keeps it, or a reload would forget it.
  if (!write(next)) tellHost({ parley: 'token', token: next })
  setTokenSignal(next)
}
