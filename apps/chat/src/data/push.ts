import { createSignal } from 'solid-js'
import { embedded } from '../lib/embed.ts'
import { api } from '../lib/trpc.client.ts'

/**
 * Web Push for the customer (issue 10, part 6), opt-in: where the browser can (a service worker and
 * PushManager, notifications not refused, the chat on its own page rather than in another site's frame),
 * a reply that comes after they left shows as a notification.
 */
export type PushState = 'unsupported' | 'off' | 'on' | 'denied'

const SERVICE_WORKER = `${import.meta.env.BASE_URL}sw.js`

export const pushSupported =
  !embedded && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window

const [state, setState] = createSignal<PushState>('unsupported')

export { state as pushState }

/** What the browser already has: a subscription from an earlier visit counts as on. */
export async function readPushState(): Promise<void> {
  if (!pushSupported) return
  if (Notification.permission === 'denied') {
    setState('denied')
    return
  }
  const registration = await navigator.serviceWorker.getRegistration(SERVICE_WORKER)
  const subscription = await registration?.pushManager.getSubscription()
  setState(subscription ? 'on' : 'off')
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/')
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4))
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}

/**
 * The registration once its worker is active, which subscribing needs. (`serviceWorker.ready` is not
 * used: it waits for a worker controlling this page's scope, which a single-page app's later
 * addresses do not always get.)
 */
async function activated(registration: ServiceWorkerRegistration): Promise<ServiceWorkerRegistration> {
  const worker = registration.installing ?? registration.waiting ?? registration.active
  if (!worker || worker.state === 'activated') return registration
  await new Promise<void>((resolve, reject) => {
    worker.addEventListener('statechange', () => {
      if (worker.state === 'activated') resolve()
      else if (worker.state === 'redundant') reject(new Error('The notification worker did not start.'))
    })
  })
  return registration
}

/** Asks the browser (it shows its own prompt), subscribes, and tells the server where to push. */
export async function turnPushOn(): Promise<void> {
  const permission = await Notification.requestPermission()
  if (permission !== 'granted') {
    setState(permission === 'denied' ? 'denied' : 'off')
    return
  }
  const registration = await activated(await navigator.serviceWorker.register(SERVICE_WORKER))
  const { publicKey } = await api.push.key.query()
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: keyBytes(publicKey),
    }))
  const { endpoint, keys } = subscription.toJSON()
  if (!endpoint || !keys?.p256dh || !keys.auth) throw new Error('The browser gave no push subscription.')
  await api.push.subscribe.mutate({ endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } })
  setState('on')
}

export async function turnPushOff(): Promise<void> {
  const registration = await navigator.serviceWorker.getRegistration(SERVICE_WORKER)
  const subscription = await registration?.pushManager.getSubscription()
  if (subscription) {
    await api.push.unsubscribe.mutate({ endpoint: subscription.endpoint })
    await subscription.unsubscribe()
  }
  setState('off')
}
