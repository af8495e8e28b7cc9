import type { WebSocket } from 'ws'

/**
 * How much the server buffers for one WebSocket before giving up on it. Far more than a burst of events
 * (a thousand messages of a few hundred bytes), far less than what a stalled agent's inbox would pile up
 * within minutes at full load.
 */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024

/**
 * A client that stops reading (a frozen tab, a network gone quiet before TCP notices) would make the
 * server queue its events without bound. Past `limit` bytes the connection is cut instead: the client
 * reconnects and resumes from its last event id, so it misses nothing, and the server's memory stays
 * bounded by the readers that keep up.
 */
export function cutOffSlowReader(ws: WebSocket, limit = MAX_BUFFERED_BYTES): void {
  const send = ws.send.bind(ws) as (...args: unknown[]) => void
  ws.send = ((...args: unknown[]) => {
    send(...args)
    if (ws.bufferedAmount > limit) ws.terminate()
  }) as WebSocket['send']
}
