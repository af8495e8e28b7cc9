import type { MikroORM } from '@mikro-orm/better-sqlite'
import type { StoredSystemEvent } from './entities/message.entity.ts'

/**
 * The hot paths of Parley: posting messages into existing conversations, in bulk, and the reads every
 * open inbox repeats after live events (its list, its title count, unread counts). Everything else goes
 * through the entities and the unit of work; these paths read and write the same tables with plain SQL
 * because the ORM's per-query cost (~0.2–0.8 ms) was 90% of a message's server time and most of a
 * list's (see the README's Performance section). They never decide anything: they hand what they read
 * to the api package, which asks the domain. Column names and formats (dates as epoch milliseconds,
 * booleans as 0/1, JSON as text) follow the migrations; the api tests exercise both paths against one
 * database.
 */

export interface ConversationSnapshot {
  id: string
  kind: 'support' | 'internal'
  status: 'open' | 'closed'
  contactId: string | null
  assigneeId: string | null
  createdById: string | null
  ticketNumber: number | null
  ticketTitle: string | null
  ticketType: 'ticket' | 'task' | null
  ticketPriority: 'low' | 'normal' | 'high' | 'urgent' | null
  trashed: boolean
  lastMessageAt: Date
  memberIds: string[]
}

/** What a status dot (rule 11) is decided on, for one agent, besides the conversation itself. */
export interface DotSnapshot extends ConversationSnapshot {
  lastAuthorKind: 'agent' | 'customer' | 'system' | null
  lastCustomerMessageAt: Date | null
  /** When this agent last opened the conversation. */
  readAt: Date | null
}

/** One row of an agent's inbox list: what its entry shows, and what the domain decides it on. */
export interface InboxRow extends DotSnapshot {
  subject: string | null
  /** The last message's preview, notes included: agents see them. */
  preview: string | null
  createdAt: Date
  contact: { id: string; name: string | null; email: string | null; blocked: boolean } | null
  assigneeName: string | null
}

export interface InboxQuery {
  agentId: string
  section: 'customers' | 'mine'
  status: 'open' | 'closed'
  /** Text to find in names, emails, previews, subjects and ticket titles; `%` and `_` match themselves. */
  search: string | null
  limit: number
}

export interface AuthorSnapshot {
  id: string
  name: string
  /** Agents only. */
  role?: 'admin' | 'agent'
  support?: boolean
  /** Contacts only. */
  blocked?: boolean
}

export interface StoredMessage {
  id: string
  conversationId: string
  clientId: string | null
  authorKind: 'agent' | 'customer' | 'system'
  author: { id: string; name: string } | null
  visibility: 'public' | 'internal'
  kind: 'text' | 'system'
  body: string
  system: StoredSystemEvent | null
  createdAt: Date
}

export interface SendReads {
  conversations: Map<string, ConversationSnapshot>
  agents: Map<string, AuthorSnapshot>
  contacts: Map<string, AuthorSnapshot>
  /** Messages already stored under `${conversationId} ${clientId}`: the retries among the requests. */
  sent: Map<string, StoredMessage>
}

export interface AppendedMessage {
  message: StoredMessage & { authorKind: 'agent' | 'customer'; clientId: string }
  /** The event log entry; `payload` is already serialised for the JSON column. */
  event: { type: string; visibility: 'public' | 'internal'; payload: unknown }
  /** The conversation's list fields after this message; a later message of the batch wins. */
  preview: string
  /** An agent writing in a conversation becomes its participant (rule 9). */
  newParticipant: string | null
}

type Row = Record<string, unknown>

/** The parts of a better-sqlite3 connection this module uses (the driver ships no types). */
interface SqliteStatement {
  all(...params: unknown[]): Row[]
  run(...params: unknown[]): unknown
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement
  transaction<T>(fn: () => T): () => T
}
interface ConnectionPool {
  acquireConnection(): Promise<SqliteConnection>
  releaseConnection(connection: SqliteConnection): Promise<unknown> | unknown
}

const date = (value: unknown) => new Date(Number(value))
/** One prepared statement for any number of ids: the list travels as a JSON array. */
const inList = (column: string) => `${column} in (select value from json_each(?))`

/** A conversation with what its status dot (rule 11) is decided on, for the agent bound as @agent. */
const dotColumns = `c.id, c.kind, c.status, c.contact_id, c.assignee_id, c.created_by_id, c.ticket_number,
  c.ticket_title, c.ticket_type, c.ticket_priority, c.trashed_at, c.last_message_at, c.last_author_kind,
  c.last_customer_message_at, r.read_at,
  (select json_group_array(m.agent_id) from conversation_member m where m.conversation_id = c.id) as member_ids`

/** Exported for bench/src/driver-compare.ts, which runs the same writes on another driver. */
export const messageStoreSql = {
  conversations: `select id, kind, status, contact_id, assignee_id, created_by_id, ticket_number, ticket_title,
      ticket_type, ticket_priority, trashed_at, last_message_at from conversation where ${inList('id')}`,
  members: `select conversation_id, agent_id from conversation_member where ${inList('conversation_id')}`,
  agents: `select id, name, role, support from agent where ${inList('id')}`,
  contacts: `select id, name, blocked from contact where ${inList('id')}`,
  sent: `select m.*, a.name as agent_name, c.name as contact_name from message m
      left join agent a on a.id = m.author_agent_id left join contact c on c.id = m.author_contact_id
      where ${inList('m.conversation_id')} and ${inList('m.client_id')}`,
  insertMessage: `insert into message (id, conversation_id, author_kind, author_agent_id, author_contact_id,
      visibility, kind, body, system, client_id, created_at) values (?, ?, ?, ?, ?, ?, 'text', ?, null, ?, ?)`,
  insertEvent: `insert into event (type, conversation_id, visibility, payload, created_at)
      values (?, ?, ?, ?, ?) returning seq`,
  touchConversation: `update conversation set last_message_at = @at, last_preview = @preview, updated_at = @at,
      last_public_message_at = case when @isPublic then @at else last_public_message_at end,
      last_public_preview = case when @isPublic then @preview else last_public_preview end,
      last_author_kind = case when @isPublic then @author else last_author_kind end,
      last_customer_message_at = case when @isPublic and @author = 'customer' then @at else last_customer_message_at end,
      last_agent_reply_at = case when @isPublic and @author = 'agent' then @at else last_agent_reply_at end
    where id = @id`,
  unreadForAgent: `select m.conversation_id, count(*) as unread from message m
      left join read_marker r on r.conversation_id = m.conversation_id and r.agent_id = @agent
      where m.conversation_id in (select value from json_each(@ids)) and m.kind = 'text'
        and (m.author_agent_id is null or m.author_agent_id != @agent)
        and (r.read_at is null or m.created_at > r.read_at)
      group by m.conversation_id`,
  addParticipant: `insert or ignore into conversation_member (conversation_id, agent_id, role, created_at)
      values (?, ?, 'participant', ?)`,
  dotCandidates: `select ${dotColumns} from conversation c
      left join read_marker r on r.conversation_id = c.id and r.agent_id = @agent
      where c.status = 'open' and c.kind = 'support' and c.trashed_at is null
        and (c.assignee_id is null or c.assignee_id = @agent)
      order by c.last_message_at desc limit @limit`,
  inbox: `select ${dotColumns}, c.subject, c.last_preview, c.created_at,
        ct.name as contact_name, ct.email as contact_email, ct.blocked as contact_blocked, a.name as assignee_name
      from conversation c
      left join read_marker r on r.conversation_id = c.id and r.agent_id = @agent
      left join contact ct on ct.id = c.contact_id
      left join agent a on a.id = c.assignee_id
      where c.status = @status and c.trashed_at is null
        and (case when @section = 'customers' then c.kind = 'support'
          else c.created_by_id = @agent or c.assignee_id = @agent or exists (select 1 from conversation_member m
            where m.conversation_id = c.id and m.agent_id = @agent) end)
        and (@like is null or c.last_preview like @like escape '\\' or c.subject like @like escape '\\'
          or c.ticket_title like @like escape '\\' or ct.name like @like escape '\\'
          or ct.email like @like escape '\\')
      order by c.last_message_at desc limit @limit`,
} as const
const sql = messageStoreSql

export interface SendBatchRequest {
  conversationIds: string[]
  agentIds: string[]
  contactIds: string[]
  clientIds: string[]
}

const stores = new WeakMap<MikroORM, MessageStore>()

export class MessageStore {
  readonly #statements = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>()

  /** One store per database, so its prepared statements are shared by everyone using it. */
  static of(orm: MikroORM): MessageStore {
    let store = stores.get(orm)
    if (!store) {
      store = new MessageStore(orm)
      stores.set(orm, store)
    }
    return store
  }

  constructor(private readonly orm: MikroORM) {}

  /**
   * Reads what deciding the batch needs, lets `decide` choose what to store (synchronously), and stores
   * it in one transaction, all while holding the pool's only connection: no other write can slip in
   * between what was read and what is written. Returns the event sequence number of each stored message.
   */
  async appendBatch(request: SendBatchRequest, decide: (reads: SendReads) => AppendedMessage[]) {
    const pool = this.orm.em.getConnection().getKnex().client as unknown as ConnectionPool
    const connection = await pool.acquireConnection()
    try {
      const reads = this.#read(connection, request)
      const batch = decide(reads)
      const seqs = connection.transaction(() => this.#write(connection, batch))()
      return { reads, batch, seqs }
    } finally {
      await pool.releaseConnection(connection)
    }
  }

  /** Messages each conversation has that this agent neither wrote nor has seen: one query for a whole list. */
  async unreadCounts(agentId: string, conversationIds: string[]): Promise<Map<string, number>> {
    const pool = this.orm.em.getConnection().getKnex().client as unknown as ConnectionPool
    const connection = await pool.acquireConnection()
    try {
      const rows = this.#statement(connection, sql.unreadForAgent).all({
        agent: agentId,
        ids: JSON.stringify(conversationIds),
      })
      return new Map(rows.map((row) => [String(row.conversation_id), Number(row.unread)]))
    } finally {
      await pool.releaseConnection(connection)
    }
  }

  /**
   * The open customer conversations a status dot can be on for this agent (unassigned, or theirs), with
   * what deciding the dot needs: the inbox's title count, which every open inbox refetches. Which of
   * them the agent may see, and which carry a dot, the caller asks the domain.
   */
  async dotCandidates(agentId: string, limit: number): Promise<DotSnapshot[]> {
    const pool = this.orm.em.getConnection().getKnex().client as unknown as ConnectionPool
    const connection = await pool.acquireConnection()
    try {
      return this.#statement(connection, sql.dotCandidates).all({ agent: agentId, limit }).map(dotSnapshotOf)
    } finally {
      await pool.releaseConnection(connection)
    }
  }

  /**
   * An agent's inbox list in one statement: every open inbox refetches it after live events, and loading
   * it through the entities cost ~12 ms for a hundred conversations. The query narrows by section; which
   * rows the agent may see in it the caller asks the domain (rule 9).
   */
  async inbox(query: InboxQuery): Promise<InboxRow[]> {
    const pool = this.orm.em.getConnection().getKnex().client as unknown as ConnectionPool
    const connection = await pool.acquireConnection()
    try {
      // The statement names the backslash as LIKE's escape character: SQLite's LIKE has none unless told.
      const like = query.search ? `%${query.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : null
      const rows = this.#statement(connection, sql.inbox).all({
        agent: query.agentId,
        section: query.section,
        status: query.status,
        like,
        limit: query.limit,
      })
      return rows.map((row) => ({
        ...dotSnapshotOf(row),
        subject: (row.subject as string | null) ?? null,
        preview: (row.last_preview as string | null) ?? null,
        createdAt: date(row.created_at),
        contact: row.contact_id
          ? {
              id: String(row.contact_id),
              name: (row.contact_name as string | null) ?? null,
              email: (row.contact_email as string | null) ?? null,
              blocked: Boolean(row.contact_blocked),
            }
          : null,
        assigneeName: (row.assignee_name as string | null) ?? null,
      }))
    } finally {
      await pool.releaseConnection(connection)
    }
  }

  #statement(connection: SqliteConnection, text: string): SqliteStatement {
    let cache = this.#statements.get(connection)
    if (!cache) {
      cache = new Map()
      this.#statements.set(connection, cache)
    }
    let statement = cache.get(text)
    if (!statement) {
      statement = connection.prepare(text)
      cache.set(text, statement)
    }
    return statement
  }

  #read(connection: SqliteConnection, request: SendBatchRequest): SendReads {
    const all = (text: string, ...lists: string[][]) =>
      this.#statement(connection, text).all(...lists.map((list) => JSON.stringify([...new Set(list)])))
    const members = new Map<string, string[]>()
    for (const row of all(sql.members, request.conversationIds)) {
      const id = String(row.conversation_id)
      members.set(id, [...(members.get(id) ?? []), String(row.agent_id)])
    }
    const conversations = new Map(
      all(sql.conversations, request.conversationIds).map((row): [string, ConversationSnapshot] => [
        String(row.id),
        conversationSnapshotOf(row, members.get(String(row.id)) ?? []),
      ]),
    )
    const agents = new Map(
      all(sql.agents, request.agentIds).map((row): [string, AuthorSnapshot] => [
        String(row.id),
        {
          id: String(row.id),
          name: String(row.name),
          role: row.role as 'admin' | 'agent',
          support: Boolean(row.support),
        },
      ]),
    )
    const contacts = new Map(
      all(sql.contacts, request.contactIds).map((row): [string, AuthorSnapshot] => [
        String(row.id),
        { id: String(row.id), name: (row.name as string | null) ?? '', blocked: Boolean(row.blocked) },
      ]),
    )
    const sent = new Map(
      all(sql.sent, request.conversationIds, request.clientIds).map((row): [string, StoredMessage] => {
        const message = storedMessageOf(row)
        return [`${message.conversationId} ${message.clientId}`, message]
      }),
    )
    return { conversations, agents, contacts, sent }
  }

  #write(connection: SqliteConnection, batch: AppendedMessage[]): number[] {
    return batch.map(({ message: m, event, preview, newParticipant }) => {
      const at = m.createdAt.getTime()
      this.#statement(connection, sql.insertMessage).run(
        m.id,
        m.conversationId,
        m.authorKind,
        m.authorKind === 'agent' ? (m.author?.id ?? null) : null,
        m.authorKind === 'customer' ? (m.author?.id ?? null) : null,
        m.visibility,
        m.body,
        m.clientId,
        at,
      )
      const [row] = this.#statement(connection, sql.insertEvent).all(
        event.type,
        m.conversationId,
        event.visibility,
        JSON.stringify(event.payload),
        at,
      )
      // SQLite binds numbers, not booleans.
      this.#statement(connection, sql.touchConversation).run({
        at,
        preview,
        isPublic: Number(m.visibility === 'public'),
        author: m.authorKind,
        id: m.conversationId,
      })
      if (newParticipant)
        this.#statement(connection, sql.addParticipant).run(m.conversationId, newParticipant, at)
      return Number(row?.seq)
    })
  }
}

function dotSnapshotOf(row: Row): DotSnapshot {
  return {
    ...conversationSnapshotOf(row, JSON.parse(String(row.member_ids)) as string[]),
    lastAuthorKind: (row.last_author_kind as DotSnapshot['lastAuthorKind']) ?? null,
    lastCustomerMessageAt: row.last_customer_message_at == null ? null : date(row.last_customer_message_at),
    readAt: row.read_at == null ? null : date(row.read_at),
  }
}

function conversationSnapshotOf(row: Row, memberIds: string[]): ConversationSnapshot {
  return {
    id: String(row.id),
    kind: row.kind as ConversationSnapshot['kind'],
    status: row.status as ConversationSnapshot['status'],
    contactId: (row.contact_id as string | null) ?? null,
    assigneeId: (row.assignee_id as string | null) ?? null,
    createdById: (row.created_by_id as string | null) ?? null,
    ticketNumber: (row.ticket_number as number | null) ?? null,
    ticketTitle: (row.ticket_title as string | null) ?? null,
    ticketType: (row.ticket_type as ConversationSnapshot['ticketType']) ?? null,
    ticketPriority: (row.ticket_priority as ConversationSnapshot['ticketPriority']) ?? null,
    trashed: row.trashed_at !== null && row.trashed_at !== undefined,
    lastMessageAt: date(row.last_message_at),
    memberIds,
  }
}

function storedMessageOf(row: Row): StoredMessage {
  const authorKind = row.author_kind as StoredMessage['authorKind']
  const author =
    authorKind === 'agent' && row.author_agent_id
      ? { id: String(row.author_agent_id), name: String(row.agent_name ?? '') }
      : authorKind === 'customer' && row.author_contact_id
        ? { id: String(row.author_contact_id), name: String(row.contact_name ?? '') }
        : null
  return {
    id: String(row.id),
    conversationId: String(row.conversation_id),
    clientId: (row.client_id as string | null) ?? null,
    authorKind,
    author,
    visibility: row.visibility as StoredMessage['visibility'],
    kind: row.kind as StoredMessage['kind'],
    body: String(row.body),
    system: typeof row.system === 'string' ? (JSON.parse(row.system) as StoredSystemEvent) : null,
    createdAt: date(row.created_at),
  }
}
