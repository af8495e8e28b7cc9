import type { Accessor } from 'solid-js'
import { t } from '../i18n/index.ts'
import type { AgentDTO, InboxEvent } from './trpc.client.ts'

/** A message older than this arrived by replay (a laptop waking up): it is in the list, but no ping. */
const STALE_AFTER_MS = 2 * 60_000

type AlertReason = NonNullable<Extract<InboxEvent, { type: 'message.created' }>['alert']>

/** Whether the browser can show desktop notifications at all (not in every context, e.g. plain http). */
export const notificationsSupported = () => typeof Notification !== 'undefined'

/**
 * Asks the browser for permission, from the click that turned notifications on (browsers only ask from a
 * user's gesture). True when granted.
 */
export async function allowNotifications(): Promise<boolean> {
  if (!notificationsSupported()) return false
  if (Notification.permission === 'granted') return true
  return (await Notification.requestPermission()) === 'granted'
}

let audio: AudioContext | undefined

/**
 * A short two-tone chime made on the spot (no sound file to fetch). The context is created on the first
 * click that turns sound on, so background tabs may play it later (autoplay rules).
 */
export function chime(): void {
  audio ??= new AudioContext()
  void audio.resume()
  const start = audio.currentTime
  for (const [offset, frequency] of [
    [0, 880],
    [0.12, 1320],
  ] as const) {
    const tone = audio.createOscillator()
    const gain = audio.createGain()
    tone.frequency.value = frequency
    gain.gain.setValueAtTime(0.0001, start + offset)
    gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02)
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.25)
    tone.connect(gain).connect(audio.destination)
    tone.start(start + offset)
    tone.stop(start + offset + 0.3)
  }
}

const titles = {
  mention: 'alerts.mention',
  mine: 'alerts.mine',
  followed: 'alerts.followed',
  direct: 'alerts.direct',
  new_chat: 'alerts.newChat',
} as const satisfies Record<AlertReason, string>

/** Plain text for the system's notification; the name isolated (FSI…PDI) as <bdi> does in the page. */
function titleOf(reason: AlertReason, author: string): string {
  return t(titles[reason], { name: `\u2068${author}\u2069` })
}

/**
 * The inbox stream's alerts (the server decides which messages alert whom: alert.rules.ts), as the
 * agent chose them: a desktop notification and/or a chime, unless they are looking at that very
 * conversation. Works while the tab is in the background; a click on the notification opens the chat.
 */
export function createAlerts(options: {
  me: Accessor<AgentDTO>
  openConversationId: () => string | undefined
  open: (conversationId: string) => void
}) {
  return (event: InboxEvent) => {
    if (event.type !== 'message.created' || !event.alert) return
    const reason = event.alert
    const settings = options.me().alerts
    if (!settings.desktop && !settings.sound) return
    if (Date.now() - new Date(event.message.createdAt).getTime() > STALE_AFTER_MS) return
    const looking =
      document.visibilityState === 'visible' && options.openConversationId() === event.conversationId
    if (looking) return
    if (settings.sound) chime()
    if (settings.desktop && notificationsSupported() && Notification.permission === 'granted') {
      const author = event.message.author?.name || t('alerts.someone')
      const body = event.message.body.slice(0, 140) || t('alerts.attachment')
      const notification = new Notification(titleOf(reason, author), {
        body,
        tag: `parley-${event.conversationId}`,
      })
      notification.onclick = () => {
        window.focus()
        options.open(event.conversationId)
        notification.close()
      }
    }
  }
}
