/**
 * What the widget on the host page (widget.ts) and the chat in its iframe (apps/chat/src/lib/embed.ts)
 * say to each other with postMessage. Each side checks who sent a message before it acts on it: the
 * widget takes only its own iframe's words from Parley's origin, the chat only its parent window's.
 * Nothing said here is a secret: a `userHash` proves nothing unless the server verifies it.
 */

/** The host page's word for its logged-in user, with the HMAC its server made (issue 10, part 4). */
export interface WidgetIdentity {
  userId: string
  userHash: string
  name?: string
  email?: string
}

/** Details a host page fills into the pre-chat form: hints the visitor can change. */
export interface WidgetPrefill {
  name?: string
  email?: string
}

/** From the host page to the chat. */
export type ToChat =
  | { parley: 'identify'; identity: WidgetIdentity }
  | { parley: 'prefill'; details: WidgetPrefill }
  /** A help article to show (by its slug), as the host page asked. */
  | { parley: 'article'; slug: string }
  /**
   * The panel is shown or hidden: only a shown chat marks messages read. `focus`: the visitor opened it
   * (click, Enter, Space), so the cursor goes where they will type.
   */
  | { parley: 'shown'; shown: boolean; focus?: boolean }

/** From the chat to the host page. */
export type ToHost =
  /** Listening: what the host page has to say can be sent now. */
  | { parley: 'ready' }
  /** Unread replies across the visitor's conversations: the launcher's badge. */
  | { parley: 'unread'; count: number }
  /** The visitor has a chat here: the next visit loads it early, so a late reply shows on the badge. */
  | { parley: 'visited' }
  /**
   * The visitor's token, for the host page to keep where the chat's frame may not (browsers that block
   * storage in third-party frames): the widget hands it back in the frame's address when it loads it.
   */
  | { parley: 'token'; token: string | null }
  | { parley: 'close' }

/** Whether a message event's data is one of these (the sender is checked separately, by each side). */
export function isParleyMessage<T extends ToChat | ToHost>(data: unknown): data is T {
  return (
    typeof data === 'object' && data !== null && typeof (data as { parley?: unknown }).parley === 'string'
  )
}
