/**
 * Issue 10, part 6: a reply reaches a customer who has left. One the customer has not read within
 * PUSH_AFTER_MS, while they are not in the chat, goes to each browser they asked to be notified on —
 * once, for the latest reply of a burst. Only replies count: a note never leaves the team (rule 1), so
 * the notification shows the last public message and nothing else.
 */
export const PUSH_AFTER_MS = 15_000
/** A notification shows a line, not a letter. */
export const PUSH_PREVIEW_MAX = 140

export interface ReplyNotification {
  /** The helpdesk's name. */
  title: string
  body: string
  /** Where a click leads: the conversation in the chat page. */
  path: string
}

/** What to push for an unread reply, or null when the customer is in the chat and sees it there. */
export function replyNotification(
  reply: { conversationId: string; preview: string | null },
  context: { customerOnline: boolean; helpdeskName: string },
): ReplyNotification | null {
  if (context.customerOnline) return null
  const text = (reply.preview ?? '').trim()
  const body = text.length > PUSH_PREVIEW_MAX ? `${text.slice(0, PUSH_PREVIEW_MAX - 1).trimEnd()}…` : text
  return { title: context.helpdeskName, body, path: `/chat/c/${reply.conversationId}` }
}

/**
 * The push services of the browsers (Chrome, Firefox, Safari, Edge): the only places a subscription may
 * send the server's requests to. A customer names the endpoint; anything else would make the server
 * post to an address of their choosing.
 */
export const PUSH_SERVICES: readonly string[] = [
  'fcm.googleapis.com',
  'android.googleapis.com',
  'updates.push.services.mozilla.com',
  'push.services.mozilla.com',
  'web.push.apple.com',
  'notify.windows.com',
]

/**
 * Whether `endpoint` belongs to one of `services`: a host name covers itself and its subdomains over
 * https; an entry with a scheme (`http://127.0.0.1:4000`, for tests) is that origin exactly.
 */
export function isPushServiceEndpoint(endpoint: string, services: readonly string[]): boolean {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return false
  }
  return services.some((service) => {
    if (service.includes('://')) return url.origin === service.replace(/\/$/, '')
    return url.protocol === 'https:' && (url.hostname === service || url.hostname.endsWith(`.${service}`))
  })
}
