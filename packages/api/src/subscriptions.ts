import { EventLog, type EventStream } from '@parley/db'
import { tracked } from '@trpc/server'
import { z } from 'zod'
import type { ApiDeps } from './context.ts'
import { type ConversationEvent, listen } from './event-bus.ts'
import { toConversationEvent } from './event-feed.ts'

/** How many logged events one replay query takes; a longer backlog is read page by page. */
const REPLAY_PAGE = 500

/** Event ids are decimal cursors; anything else is garbage input. */
export const lastEventIdInput = z
  .string()
  .regex(/^\d{1,15}$/)
  .nullish()

/** The cursor a query hands to its client: read before the data, so the replay can only overlap, never miss. */
export async function currentEventId(deps: ApiDeps): Promise<string | null> {
  const latest = await EventLog.of(deps.orm).latestSeq()
  return latest > 0 ? String(latest) : null
}

/**
 * STYLE 10: start following the log, replay from `lastEventId` out of the database, then hand on what
 * the feed delivers, dropping anything at or below the last cursor sent. Both halves read the event
 * log; `view` decides per event what this viewer gets (null: nothing) — the one place a subscription
 * applies the domain's visibility rules.
 */
export async function* replayThenFollow<T>(options: {
  deps: ApiDeps
  stream: EventStream
  signal: AbortSignal | undefined
  lastEventId: string | null | undefined
  view: (event: ConversationEvent) => Promise<T | null> | T | null
}) {
  const { deps, signal, stream } = options
  let unfollow: (() => void) | null = null
  let deliver: (event: ConversationEvent) => void = () => {}
  const live = listen<ConversationEvent>((push) => {
    deliver = push
    return [() => unfollow?.()]
  }, signal)
  unfollow = await deps.feed.follow(stream, (event) => deliver(event))
  if (signal?.aborted) unfollow()

  let cursor = options.lastEventId ? Number(options.lastEventId) : null
  if (cursor !== null) {
    const log = EventLog.of(deps.orm)
    // A cursor from the future (the database was reset under an open tab) would silence the stream.
    cursor = Math.min(cursor, await log.latestSeq())
    for (;;) {
      const rows = await log.after(cursor, stream, REPLAY_PAGE)
      for (const row of rows) {
        cursor = row.seq
        const data = await options.view(toConversationEvent(row))
        if (data !== null) yield tracked(String(row.seq), data)
      }
      if (rows.length < REPLAY_PAGE) break
    }
  }

  for await (const event of live) {
    const seq = Number(event.id)
    if (cursor !== null && seq <= cursor) continue
    cursor = seq
    const data = await options.view(event)
    if (data !== null) yield tracked(event.id, data)
  }
}
