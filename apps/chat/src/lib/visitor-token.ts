import { createSignal } from 'solid-js'

const storageKey = 'parley.visitor'

// Storage throws in sandboxed or third-party iframes (the widget); the chat then lasts as long as the page.
function read(): string | null {
  try {
    return localStorage.getItem(storageKey)
  } catch {
    return null
  }
}

function write(token: string | null): void {
  try {
    if (token) localStorage.setItem(storageKey, token)
    else localStorage.removeItem(storageKey)
  } catch {
    // Kept in memory only.
  }
}

const [token, setTokenSignal] = createSignal<string | null>(read())

/** The visitor's secret: proves to the server which contact this browser is. */
export const visitorToken = token

export function setVisitorToken(next: string | null): void {
  write(next)
  setTokenSignal(next)
}
