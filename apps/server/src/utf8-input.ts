import { isUtf8 } from 'node:buffer'
import type { IncomingMessage } from 'node:http'
import { TRPCError } from '@trpc/server'
import type WebSocket from 'ws'
import { readUpTo } from './request-body.ts'

/**
 * What clients send must be UTF-8 text, on HTTP and on the WebSocket alike.
 *
 * tRPC decodes a request body leniently: bytes that are not UTF-8 become U+FFFD, so a message would be
 * acknowledged as sent and stored as something else. The server reads API bodies itself first (up to
 * the size limit), hands tRPC the text only when it is valid UTF-8, and otherwise lets the request's
 * context refuse it, so the answer has the API's usual error shape.
 */
const unreadableBodies = new WeakMap<IncomingMessage, TRPCError>()

export async function readApiBody(req: IncomingMessage, maxBytes: number): Promise<void> {
  const { body, tooLarge } = await readUpTo(req, maxBytes)
  const refusal = tooLarge
    ? new TRPCError({ code: 'PAYLOAD_TOO_LARGE', message: `A request can be at most ${maxBytes} bytes.` })
    : isUtf8(body)
      ? null
      : new TRPCError({ code: 'BAD_REQUEST', message: 'The request is not valid UTF-8 text.' })
  if (refusal) unreadableBodies.set(req, refusal)
  // tRPC takes a string `body` as the request's text instead of reading the stream again.
  Object.assign(req, { body: refusal ? '' : body.toString('utf8') })
}

/** Called from the HTTP context: throws the refusal for a body `readApiBody` could not pass on. */
export function refuseUnreadableBody(req: IncomingMessage): void {
  const refusal = unreadableBodies.get(req)
  if (refusal) throw refusal
}

/**
 * ws itself closes a connection whose text frame is not UTF-8 (1007). A binary frame it passes on, and
 * tRPC decodes it leniently like an HTTP body; the apps never send binary frames, so one that is not
 * UTF-8 closes the connection the same way, before tRPC sees it.
 */
export function closeOnNonUtf8Frames(ws: WebSocket): void {
  const emit = ws.emit.bind(ws)
  ws.emit = (event: string | symbol, ...args: unknown[]) => {
    if (event === 'message' && args[1] === true && !isUtf8(args[0] as Buffer)) {
      ws.close(1007, 'Messages must be UTF-8 text.')
      return false
    }
    return emit(event, ...args)
  }
}
