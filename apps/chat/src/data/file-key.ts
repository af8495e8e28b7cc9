import { createSignal } from 'solid-js'
import { api } from '../lib/trpc.client.ts'
import { visitorToken } from '../lib/visitor-token.ts'

const [key, setKey] = createSignal<string | null>(null)
let askedFor: string | null = null

/**
 * The customer's key for `/files/…` links (a picture's `<img>` cannot send the visitor token), asked for
 * once per visitor token; null until it has arrived.
 */
export function fileKey(): string | null {
  const token = visitorToken()
  if (token && askedFor !== token) {
    askedFor = token
    setKey(null)
    api.customer.fileKey.query().then(setKey, () => {
      askedFor = null
    })
  }
  return key()
}

/** Where one of the customer's files is served. */
export function fileUrl(attachment: { id: string }, variant?: 'thumbnail'): string {
  const path = `/files/${attachment.id}${variant ? `/${variant}` : ''}`
  const current = key()
  return current ? `${path}?key=${encodeURIComponent(current)}` : path
}
