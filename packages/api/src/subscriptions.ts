import { Event, type FilterQuery } from '@parley/db'
import { tracked } from '@trpc/server'
import superjson, { type SuperJSONResult } from 'superjson'
import { z } from 'zod'
import type { ApiDeps } from './context.ts'
import { loadConversations } from './conversation-facts.ts'
import { type ConversationEvent, listen } from './event-bus.ts'

/** How far back a reconnecting client is caught up; beyond that it reloads the thread. */
const REPLAY_LIMIT = 1000

/** Event ids are decimal cursors; anything else is garbage input. */
export const lastEventIdInput = z
  .string()
  .regex(/^\d{1,15}$/)
  .nullish()

/** The cursor a query hands to its client: read before the data, so the replay can only overlap, never miss. */
export async function currentEventId(deps: ApiDeps): Promise<string | null> {
  const [latest] = await deps.orm.em
    .fork()
    .find(Event, {}, { orderBy: { seq: 'desc' }, limit: 1, fields: ['seq'] })
  return latest ? String(latest.seq) : null
}

/**
 * STYLE 10: start listening, replay from `lastEventId` out of the database, then follow live events,
 * dropping anything at or below the last cursor sent. `view` decides per event what this viewer gets
 * (null: nothing) — the one place a subscription applies the domain's visibility rules.
 */
export async function* replayThenFollow<T>(options: {
  deps: ApiDeps
  topics: string[]
  signal: AbortSignal | undefined
  lastEventId: string | null | undefined
  /** Which logged events this stream covers, for the replay. */
  replayFilter: () => Promise<FilterQuery<Event>>
  view: (event: ConversationEvent) => Promise<T | null> | T | null
}) {
  const { deps, signal } = options
  const live = listen(deps.bus, options.topics, signal)
  let cursor = options.lastEventId ? Number(options.lastEventId) : null

  if (cursor !== null && Number.isFinite(cursor)) {
    // A cursor from the future (the database was reset under an open tab) would silence the stream.
    const latest = await currentEventId(deps)
    if (cursor > Number(latest ?? 0)) cursor = Number(latest ?? 0)
    const em = deps.orm.em.fork()
    const rows = await em.find(
      Event,
      { $and: [{ seq: { $gt: cursor } }, await options.replayFilter()] },
      { orderBy: { seq: 'asc' }, limit: REPLAY_LIMIT },
    )
    const conversations = await loadConversations(
      em,
      rows.map((row) => row.conversationId),
    )
    for (const row of rows) {
      const loaded = conversations.get(row.conversationId)
      cursor = row.seq
      if (!loaded) continue
      const data = await options.view({
        id: String(row.seq),
        type: row.type,
        conversationId: row.conversationId,
        visibility: row.visibility,
        payload: superjson.deserialize(row.payload as SuperJSONResult),
        access: loaded.facts,
      })
      if (data !== null) yield tracked(String(row.seq), data)
    }
  }

  for await (const message of live) {
    if (message.kind !== 'event') continue
    const seq = Number(message.event.id)
    if (cursor !== null && seq <= cursor) continue
    cursor = seq
    const data = await options.view(message.event)
    if (data !== null) yield tracked(message.event.id, data)
  }
}
