import { Organisation, PushFallback, PushSubscription } from '@parley/db'
import { PUSH_AFTER_MS, replyNotification } from '@parley/domain'
import webpush from 'web-push'
import type { ApiDeps } from './context.ts'
import { theOrganisation } from './helpdesk.ts'
import { perApi } from './per-api.ts'
import { presenceKey } from './presence.ts'

/**
 * Web Push to customers who left the chat (issue 10, part 6), with the `web-push` library: it does the
 * VAPID signing (RFC 8292) and the payload encryption (RFC 8291), which are easy to get subtly wrong
 * by hand.
 */

export interface VapidKeys {
  publicKey: string
  privateKey: string
}

const keysOf = perApi((): { current: Promise<VapidKeys> | null } => ({ current: null }))

/**
 * The helpdesk's key pair, made on first use. Instances starting together may both make one: the
 * conditional write lets the first stand, and everyone reads back the pair that is stored.
 */
export function vapidKeysOf(deps: ApiDeps): Promise<VapidKeys> {
  const cache = keysOf(deps)
  cache.current ??= (async () => {
    const em = deps.orm.em.fork()
    const organisation = await theOrganisation(em)
    if (!organisation.vapidPublicKey || !organisation.vapidPrivateKey) {
      // A database from before setup may have no organisation row yet: store it first.
      await em.flush()
      const made = webpush.generateVAPIDKeys()
      await em.nativeUpdate(
        Organisation,
        { id: organisation.id, vapidPublicKey: null },
        { vapidPublicKey: made.publicKey, vapidPrivateKey: made.privateKey },
      )
      await em.refresh(organisation)
    }
    return { publicKey: organisation.vapidPublicKey!, privateKey: organisation.vapidPrivateKey! }
  })().catch((error: unknown) => {
    cache.current = null
    throw error
  })
  return cache.current
}

/** Who the push services may contact about our pushes: the site when it is https, else a mailbox name. */
function vapidSubject(publicUrl: string): string {
  const url = new URL(publicUrl || 'http://localhost')
  return url.protocol === 'https:' ? url.origin : `mailto:webpush@${url.hostname}`
}

/** Replies looked at per sweep; a backlog goes out over the next ones. */
const BATCH = 50
/** A push service that does not answer in this time is not waited for (the reply stays in the chat). */
const SEND_TIMEOUT_MS = 5_000
/** How long a push service keeps a push for a browser that is offline. */
const PUSH_TTL_SECONDS = 24 * 60 * 60

/**
 * The sweep's part (sweeps.ts): each reply due is claimed once across instances, then sent to every
 * browser of its customer; a browser the push service no longer knows (404/410) is forgotten.
 * Returns the conversations pushed.
 */
export async function pushUnreadReplies(deps: ApiDeps): Promise<string[]> {
  const store = PushFallback.of(deps.orm)
  const waitMs = deps.settings.pushAfterMs ?? PUSH_AFTER_MS
  const due = await store.due(new Date(deps.now().getTime() - waitMs), BATCH)
  if (due.length === 0) return []
  const em = deps.orm.em.fork()
  const helpdeskName = (await theOrganisation(em)).name
  const keys = await vapidKeysOf(deps)
  const pushed: string[] = []
  for (const reply of due) {
    const notification = replyNotification(reply, {
      customerOnline: deps.presence.isOnline(presenceKey.contact(reply.contactId)),
      helpdeskName,
    })
    // In the chat: they see it there. Not claimed, so a later sweep can still tell them once they leave.
    if (!notification) continue
    if (!(await store.claim(reply))) continue
    const subscriptions = await em.find(PushSubscription, { contact: reply.contactId })
    const payload = JSON.stringify({
      ...notification,
      url: new URL(notification.path, deps.settings.publicUrl || 'http://localhost').href,
    })
    await Promise.all(
      subscriptions.map(async (subscription) => {
        // web-push encrypts and signs; the request itself goes out by fetch, with a timeout.
        const request = webpush.generateRequestDetails(
          { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
          payload,
          {
            vapidDetails: { subject: vapidSubject(deps.settings.publicUrl), ...keys },
            TTL: PUSH_TTL_SECONDS,
          },
        )
        const headers = Object.fromEntries(
          Object.entries(request.headers)
            .filter(([name]) => name.toLowerCase() !== 'content-length')
            .map(([name, value]) => [name, String(value)]),
        )
        try {
          const response = await fetch(request.endpoint, {
            method: request.method,
            headers,
            body: new Uint8Array(request.body as Buffer),
            redirect: 'error',
            signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
          })
          if (response.status === 404 || response.status === 410) {
            await em.nativeDelete(PushSubscription, { id: subscription.id })
          } else if (!response.ok) {
            console.error('[push] the push service refused it:', response.status)
          }
        } catch (error) {
          console.error('[push] not delivered:', (error as Error).message)
        }
      }),
    )
    pushed.push(reply.conversationId)
  }
  return pushed
}
