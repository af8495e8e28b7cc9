import type { EventType } from './entities/index.ts'
import type { MikroORM } from './orm.ts'
import { dateOf, jsonOf, perOrm, type Row, withConnection } from './sql-runner.ts'

/**
 * The event log, as subscriptions read it: everything a client is sent comes from here (the bus only
 * wakes readers). Seqs commit in order without gaps (write-store.ts), so "everything after my cursor"
 * is a complete answer at any moment.
 */
export interface LoggedEvent {
  seq: number
  type: EventType
  conversationId: string
  contactId: string | null
  visibility: 'public' | 'internal'
  /** As stored: superjson's form, which the api package deserialises. */
  payload: unknown
  /** The conversation's facts at commit (ConversationFacts). */
  access: unknown
  createdAt: Date
}

/** Which events a stream covers: everything (inboxes), one conversation, or one customer's public ones. */
export type EventStream =
  | { kind: 'all' }
  | { kind: 'conversation'; conversationId: string }
  | { kind: 'contact'; contactId: string }

const columns = 'seq, type, conversation_id, contact_id, visibility, payload, access, created_at'
const sql = {
  latest: 'select last_seq from event_sequence where id = 1',
  all: `select ${columns} from event where seq > :after order by seq limit :limit`,
  conversation: `select ${columns} from event where seq > :after and conversation_id = :id order by seq limit :limit`,
  contact: `select ${columns} from event
    where seq > :after and contact_id = :id and visibility = 'public' order by seq limit :limit`,
}

const logOf = perOrm((orm) => new EventLog(orm))

export class EventLog {
  static of(orm: MikroORM): EventLog {
    return logOf(orm)
  }

  constructor(private readonly orm: MikroORM) {}

  /** The highest committed seq (0 for an empty log): a cursor that replays nothing already seen. */
  latestSeq(): Promise<number> {
    return withConnection(this.orm, { transaction: false }, async (runner) => {
      const [row] = await runner.all(sql.latest)
      return Number(row?.last_seq ?? 0)
    })
  }

  /** Up to `limit` events of `stream` after `seq`, oldest first. */
  after(seq: number, stream: EventStream, limit: number): Promise<LoggedEvent[]> {
    return withConnection(this.orm, { transaction: false }, async (runner) => {
      const rows =
        stream.kind === 'all'
          ? await runner.all(sql.all, { after: seq, limit })
          : await runner.all(sql[stream.kind], {
              after: seq,
              limit,
              id: stream.kind === 'conversation' ? stream.conversationId : stream.contactId,
            })
      return rows.map(loggedEventOf)
    })
  }
}

function loggedEventOf(row: Row): LoggedEvent {
  return {
    seq: Number(row.seq),
    type: row.type as EventType,
    conversationId: String(row.conversation_id),
    contactId: (row.contact_id as string | null) ?? null,
    visibility: row.visibility as LoggedEvent['visibility'],
    payload: jsonOf(row.payload),
    access: jsonOf(row.access),
    createdAt: dateOf(row.created_at),
  }
}
