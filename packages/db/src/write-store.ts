import type { EntityManager } from '@mikro-orm/knex'
import type { EventType, StoredAttachment, StoredSystemEvent } from './entities/index.ts'
import type { MikroORM } from './orm.ts'
import {
  type Dialect,
  dateOf,
  jsonOf,
  knexRunner,
  perDialect,
  perOrm,
  type Row,
  type SqlRunner,
  withConnection,
} from './sql-runner.ts'

/**
 * The one write path of a conversation's thread: every message (a customer's, a reply, a note, a
 * system message for a state change) is stored here with its events and the conversation's summary
 * columns (last author, last customer message, previews), whoever writes it. It decides nothing: the api
 * package reads (`readForSend`), asks the domain, then appends what the domain allowed. Appends that
 * were decided on a read carry the conversation `version` they saw, and are written only if it still
 * holds (the conditional write); state changes bump it through the unit of work.
 *
 * Event seqs are handed out from the single `event_sequence` row, updated as the transaction's last
 * step: the row lock it takes is held until commit, so on PostgreSQL a transaction with higher seqs
 * can only commit after the one with lower seqs, and a reader that has seen seq n has seen every seq
 * below it. A cursor can therefore never skip a late-visible commit (README "Several instances").
 */

export interface ConversationSnapshot {
  id: string
  kind: 'support' | 'internal'
  status: 'open' | 'closed'
  contactId: string | null
  assigneeId: string | null
  teamId: string | null
  createdById: string | null
  ticketNumber: number | null
  ticketTitle: string | null
  ticketType: 'ticket' | 'task' | null
  ticketPriority: 'low' | 'normal' | 'high' | 'urgent' | null
  trashed: boolean
  lastMessageAt: Date
  memberIds: string[]
  /** Those of `memberIds` who follow it (issue 9, part 4). */
  followerIds: string[]
  /** Rule 6: whom it is offered to while nobody has accepted (pending offers only). */
  offeredAgentIds: string[]
  offeredTeamIds: string[]
  /** Bumped by every state change; a decision made on this snapshot is written only while it holds. */
  version: number
}

export interface AuthorSnapshot {
  id: string
  name: string
  /** Agents only. */
  role?: 'admin' | 'agent'
  support?: boolean
  /** Agents only: the teams whose queues they see. */
  teamIds?: string[]
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
  attachments: StoredAttachment[]
  createdAt: Date
}

export interface SendBatchRequest {
  conversationIds: string[]
  agentIds: string[]
  contactIds: string[]
  clientIds: string[]
}

export interface SendReads {
  conversations: Map<string, ConversationSnapshot>
  agents: Map<string, AuthorSnapshot>
  contacts: Map<string, AuthorSnapshot>
  /** Messages already stored under `${conversationId} ${clientId}`: the retries among the requests. */
  sent: Map<string, StoredMessage>
}

/** One message and the events it brings, as the domain allowed them. */
export interface Append {
  message: Omit<StoredMessage, 'author'> & { authorAgentId: string | null; authorContactId: string | null }
  /** The list preview a text message gives its conversation; null for system messages, which keep it. */
  preview: string | null
  /** An agent writing in a conversation becomes its participant (rule 9). */
  newParticipant: string | null
  /** `payload` is already JSON-ready (superjson's form), so a replayed event equals the live one. */
  events: Array<{ type: EventType; visibility: 'public' | 'internal'; payload: unknown }>
  /** The conversation's facts at commit (ConversationFacts), stored with each event: who may see it. */
  access: unknown
  contactId: string | null
  /** The version the decision was made on; null inside a transaction that already changed the conversation. */
  expectedVersion: number | null
}

/** Events to log for one conversation, with who may see them. */
export interface LogEntry {
  conversationId: string
  createdAt: Date
  events: Append['events']
  access: unknown
  contactId: string | null
}

/**
 * An agent starts or stops following a conversation (issue 9, part 4): a state change that writes no
 * message, only its events.
 */
export interface MembershipChange extends LogEntry {
  agentId: string
  /** True makes them a follower (a participant too); false ends their membership, whichever it was. */
  follows: boolean
}

/** A conversation the Missed sweep found due, as it was read: announced only if still so. */
export interface DueAnnouncement extends LogEntry {
  lastCustomerMessageAt: Date
}

/** The seqs of each append's events, in order. */
export type AppendedSeqs = number[][]

/** Thrown inside the transaction to roll it back when a conversation changed since it was read. */
class ConversationChanged extends Error {}

/** A message's file was sent with another message meanwhile (or removed): nothing of the batch is stored. */
export class AttachmentTaken extends Error {
  constructor() {
    super('A file of this message was already sent or has expired. Please attach it again.')
  }
}

const statements = perDialect((d: Dialect) => {
  const at = d.typed('at', 'timestamptz')
  const preview = d.typed('preview', 'text')
  const isPublic = d.typed('isPublic', 'boolean')
  const author = d.typed('author', 'text')
  const version = d.typed('version', 'integer')
  return {
    conversations: `select id, kind, status, contact_id, assignee_id, team_id, created_by_id, ticket_number, ticket_title,
        ticket_type, ticket_priority, trashed_at, last_message_at, version from conversation
      where ${d.inList('id', 'ids')}`,
    members: `select conversation_id, agent_id, role from conversation_member
      where ${d.inList('conversation_id', 'ids')}`,
    offers: `select conversation_id, agent_id, team_id from ticket_offer
      where ${d.inList('conversation_id', 'ids')} and status = 'pending'`,
    agents: `select a.id, a.name, a.role, a.support,
        (select ${d.jsonArray('tm.team_id')} from team_member tm where tm.agent_id = a.id) as team_ids
      from agent a where ${d.inList('a.id', 'ids')}`,
    contacts: `select id, name, blocked from contact where ${d.inList('id', 'ids')}`,
    sent: `select m.*, a.name as agent_name, c.name as contact_name from message m
        left join agent a on a.id = m.author_agent_id left join contact c on c.id = m.author_contact_id
        where ${d.inList('m.conversation_id', 'conversationIds')} and ${d.inList('m.client_id', 'clientIds', 'text')}`,
    /** The summary columns, one home for every writer; `version` null writes unconditionally. */
    touchConversation: `update conversation set
        last_message_at = ${d.greatest}(last_message_at, ${at}), updated_at = ${at},
        last_preview = coalesce(${preview}, last_preview),
        last_public_message_at = case when ${isPublic} then ${at} else last_public_message_at end,
        last_public_preview = case when ${isPublic} and ${preview} is not null then ${preview} else last_public_preview end,
        last_author_kind = case when ${isPublic} and ${preview} is not null then ${author} else last_author_kind end,
        last_customer_message_at = case when ${isPublic} and ${author} = 'customer' then ${at}
          else last_customer_message_at end,
        last_agent_reply_at = case when ${isPublic} and ${author} = 'agent' then ${at} else last_agent_reply_at end
      where id = :id and (${version} is null or version = ${version})`,
    insertMessage: `insert into message (id, conversation_id, author_kind, author_agent_id, author_contact_id,
        visibility, kind, body, system, attachments, client_id, created_at)
      values (:id, :conversationId, :authorKind, :authorAgentId, :authorContactId, :visibility, :kind, :body,
        :system, :attachments, :clientId, :createdAt)`,
    /** The uploads a new message carries: each the sender's, for this conversation, and not sent before. */
    claimAttachments: `update attachment set message_id = :messageId
      where ${d.inList('id', 'ids')} and message_id is null and conversation_id = :conversationId
        and (uploader_agent_id = :authorAgentId or uploader_contact_id = :authorContactId)`,
    addParticipant: `insert into conversation_member (conversation_id, agent_id, role, created_at)
      values (:conversationId, :agentId, 'participant', :at) on conflict do nothing`,
    follow: `insert into conversation_member (conversation_id, agent_id, role, created_at)
      values (:conversationId, :agentId, 'follower', :at)
      on conflict (conversation_id, agent_id) do update set role = 'follower'`,
    leave: 'delete from conversation_member where conversation_id = :conversationId and agent_id = :agentId',
    /** A state change the unit of work does not see (the members are not the conversation's columns). */
    bumpVersion: 'update conversation set version = version + 1 where id = :id',
    /** The Missed sweep's claim: only the instance whose update changes the row announces it. */
    claimMissed: `update conversation set missed_announced_for = last_customer_message_at
      where id = :id and last_author_kind = 'customer' and last_customer_message_at = ${d.typed('lastCustomer', 'timestamptz')}
        and (missed_announced_for is null or missed_announced_for <> last_customer_message_at)`,
    /** An agent's read marker (rule 11's "until I open it"); not a state change, so no version bump. */
    agentRead: `insert into read_marker (conversation_id, agent_id, read_at) values (:conversationId, :agentId, :at)
      on conflict (conversation_id, agent_id) do update set read_at = excluded.read_at`,
    /** Moves the customer's read marker forward only; not a state change, so no version bump. */
    contactRead: `update conversation set contact_last_read_at = ${d.typed('at', 'timestamptz')}
      where id = :id and (contact_last_read_at is null or contact_last_read_at < ${d.typed('at', 'timestamptz')})`,
    takeSeqs: 'update event_sequence set last_seq = last_seq + :count where id = 1 returning last_seq',
    insertEvent: `insert into event (seq, type, conversation_id, contact_id, visibility, payload, access, created_at)
      values (:seq, :type, :conversationId, :contactId, :visibility, :payload, :access, :createdAt)`,
  }
})

const storeOf = perOrm((orm) => new WriteStore(orm))

export class WriteStore {
  /** One store per database. */
  static of(orm: MikroORM): WriteStore {
    return storeOf(orm)
  }

  constructor(private readonly orm: MikroORM) {}

  /** What deciding a batch of sends needs, in five reads; no transaction is held while the domain decides. */
  readForSend(request: SendBatchRequest): Promise<SendReads> {
    return withConnection(this.orm, { transaction: false }, (runner) => readForSend(runner, request))
  }

  /**
   * The send path (group commit): all appends in one transaction. Null, with nothing stored, when a
   * conversation's state changed since it was read: the caller reads and decides again.
   */
  async appendBatch(appends: Append[]): Promise<AppendedSeqs | null> {
    try {
      return await withConnection(this.orm, { transaction: true }, (runner) => append(runner, appends))
    } catch (error) {
      if (error instanceof ConversationChanged) return null
      throw error
    }
  }

  /**
   * The Missed sweep (rule 11): for each conversation still waiting on the same customer message, marks
   * it announced and logs its event, in one transaction. Returns the ids this call announced: when
   * several instances sweep at once, each conversation is announced by exactly one of them.
   */
  announceMissed(items: DueAnnouncement[]): Promise<string[]> {
    return withConnection(this.orm, { transaction: true }, async (runner) => {
      const sql = statements(runner.dialect)
      const won: DueAnnouncement[] = []
      for (const item of items) {
        const lastCustomer = runner.dialect.date(item.lastCustomerMessageAt)
        if ((await runner.run(sql.claimMissed, { id: item.conversationId, lastCustomer })) === 1)
          won.push(item)
      }
      await logEvents(runner, won)
      return won.map((item) => item.conversationId)
    })
  }

  /**
   * The customer has read the conversation up to `at`. Not a state change: no version bump (sends
   * decided meanwhile stay valid) and no optimistic lock (two tabs marking read at once both succeed).
   * `receipt`: the read receipt's event, when the read is news for the team (issue 10), in the same
   * transaction.
   */
  async markContactRead(conversationId: string, at: Date, receipt: LogEntry | null = null): Promise<void> {
    await withConnection(this.orm, { transaction: receipt !== null }, async (runner) => {
      await runner.run(statements(runner.dialect).contactRead, {
        id: conversationId,
        at: runner.dialect.date(at),
      })
      if (receipt) await logEvents(runner, [receipt])
    })
  }

  /**
   * An agent has read the conversation up to `at`; like the customer's read, no state change.
   * `receipt` as in `markContactRead`, when the read is news for the customer.
   */
  async markAgentRead(
    read: { conversationId: string; agentId: string; at: Date },
    receipt: LogEntry | null = null,
  ): Promise<void> {
    await withConnection(this.orm, { transaction: receipt !== null }, async (runner) => {
      await runner.run(statements(runner.dialect).agentRead, {
        conversationId: read.conversationId,
        agentId: read.agentId,
        at: runner.dialect.date(read.at),
      })
      if (receipt) await logEvents(runner, [receipt])
    })
  }

  /** State changes: inside the unit of work's transaction (`em.transactional`), after its flush. */
  static appendWithin(em: EntityManager, appends: Append[]): Promise<AppendedSeqs> {
    return append(knexRunner(em, em.getTransactionContext()), appends)
  }

  /**
   * Following and unfollowing, inside the unit of work's transaction like `appendWithin`. Each bumps the
   * conversation's version: a send decided before it would log facts that miss (or still name) the
   * follower, so it is decided again.
   */
  static changeMembershipsWithin(em: EntityManager, changes: MembershipChange[]): Promise<AppendedSeqs> {
    return changeMemberships(knexRunner(em, em.getTransactionContext()), changes)
  }
}

/** A list parameter for `inList`: JSON, each value once. */
const list = (values: string[]) => JSON.stringify([...new Set(values)])

async function readForSend(runner: SqlRunner, request: SendBatchRequest): Promise<SendReads> {
  const sql = statements(runner.dialect)
  const members = new Map<string, ConversationMembers>()
  const membersOf = (id: string) => {
    const of = members.get(id) ?? noMembers()
    members.set(id, of)
    return of
  }
  for (const row of await runner.all(sql.members, { ids: list(request.conversationIds) })) {
    const of = membersOf(String(row.conversation_id))
    of.memberIds.push(String(row.agent_id))
    if (row.role === 'follower') of.followerIds.push(String(row.agent_id))
  }
  for (const row of await runner.all(sql.offers, { ids: list(request.conversationIds) })) {
    const of = membersOf(String(row.conversation_id))
    if (row.agent_id) of.offeredAgentIds.push(String(row.agent_id))
    if (row.team_id) of.offeredTeamIds.push(String(row.team_id))
  }
  const conversationRows = await runner.all(sql.conversations, { ids: list(request.conversationIds) })
  const conversations = new Map(
    conversationRows.map((row): [string, ConversationSnapshot] => [
      String(row.id),
      conversationSnapshotOf(row, members.get(String(row.id)) ?? noMembers()),
    ]),
  )
  const agentRows = request.agentIds.length
    ? await runner.all(sql.agents, { ids: list(request.agentIds) })
    : []
  const agents = new Map(
    agentRows.map((row): [string, AuthorSnapshot] => [
      String(row.id),
      {
        id: String(row.id),
        name: String(row.name),
        role: row.role as 'admin' | 'agent',
        support: Boolean(row.support),
        teamIds: jsonOf<string[]>(row.team_ids),
      },
    ]),
  )
  const contactRows = request.contactIds.length
    ? await runner.all(sql.contacts, { ids: list(request.contactIds) })
    : []
  const contacts = new Map(
    contactRows.map((row): [string, AuthorSnapshot] => [
      String(row.id),
      { id: String(row.id), name: (row.name as string | null) ?? '', blocked: Boolean(row.blocked) },
    ]),
  )
  const sentRows = await runner.all(sql.sent, {
    conversationIds: list(request.conversationIds),
    clientIds: list(request.clientIds),
  })
  const sent = new Map(
    sentRows.map((row): [string, StoredMessage] => {
      const message = storedMessageOf(row)
      return [`${message.conversationId} ${message.clientId}`, message]
    }),
  )
  return { conversations, agents, contacts, sent }
}

async function append(runner: SqlRunner, appends: Append[]): Promise<AppendedSeqs> {
  const d = runner.dialect
  const sql = statements(d)
  for (const { message: m, preview, newParticipant, expectedVersion } of appends) {
    const at = d.date(m.createdAt)
    const touched = await runner.run(sql.touchConversation, {
      at,
      preview,
      isPublic: d.bool(m.visibility === 'public'),
      author: m.authorKind,
      id: m.conversationId,
      version: expectedVersion,
    })
    if (touched === 0) throw new ConversationChanged()
    await runner.run(sql.insertMessage, {
      ...m,
      system: m.system === null ? null : JSON.stringify(m.system),
      attachments: m.attachments.length === 0 ? null : JSON.stringify(m.attachments),
      createdAt: at,
    })
    if (m.attachments.length > 0) {
      const ids = [...new Set(m.attachments.map((attachment) => attachment.id))]
      const claimed = await runner.run(sql.claimAttachments, {
        messageId: m.id,
        ids: list(ids),
        conversationId: m.conversationId,
        authorAgentId: m.authorAgentId,
        authorContactId: m.authorContactId,
      })
      if (claimed !== ids.length) throw new AttachmentTaken()
    }
    if (newParticipant) {
      await runner.run(sql.addParticipant, { conversationId: m.conversationId, agentId: newParticipant, at })
    }
  }
  // Last, so the event_sequence row stays locked for as short a time as possible.
  return logEvents(
    runner,
    appends.map((a) => ({ ...a, conversationId: a.message.conversationId, createdAt: a.message.createdAt })),
  )
}

async function changeMemberships(runner: SqlRunner, changes: MembershipChange[]): Promise<AppendedSeqs> {
  const d = runner.dialect
  const sql = statements(d)
  for (const { conversationId, agentId, follows, createdAt } of changes) {
    await runner.run(follows ? sql.follow : sql.leave, { conversationId, agentId, at: d.date(createdAt) })
    await runner.run(sql.bumpVersion, { id: conversationId })
  }
  return logEvents(runner, changes)
}

/** Logs each entry's events under seqs taken from the event_sequence row; returns them per entry. */
async function logEvents(runner: SqlRunner, entries: LogEntry[]): Promise<AppendedSeqs> {
  const d = runner.dialect
  const sql = statements(d)
  const count = entries.reduce((sum, entry) => sum + entry.events.length, 0)
  if (count === 0) return entries.map(() => [])
  const [row] = await runner.all(sql.takeSeqs, { count })
  let seq = Number(row?.last_seq) - count
  const seqs: AppendedSeqs = []
  for (const { conversationId, createdAt, events, access, contactId } of entries) {
    const own: number[] = []
    for (const event of events) {
      seq += 1
      own.push(seq)
      await runner.run(sql.insertEvent, {
        seq,
        type: event.type,
        conversationId,
        contactId,
        visibility: event.visibility,
        payload: JSON.stringify(event.payload),
        access: JSON.stringify(access),
        createdAt: d.date(createdAt),
      })
    }
    seqs.push(own)
  }
  return seqs
}

/** Who of the agents belongs to a conversation, as its snapshot holds them, and whom it is offered to. */
export type ConversationMembers = Pick<
  ConversationSnapshot,
  'memberIds' | 'followerIds' | 'offeredAgentIds' | 'offeredTeamIds'
>

/** A conversation nobody belongs to (yet): a fresh value each time, for filling in. */
export function noMembers(): ConversationMembers {
  return { memberIds: [], followerIds: [], offeredAgentIds: [], offeredTeamIds: [] }
}

export function conversationSnapshotOf(row: Row, members: ConversationMembers): ConversationSnapshot {
  return {
    id: String(row.id),
    kind: row.kind as ConversationSnapshot['kind'],
    status: row.status as ConversationSnapshot['status'],
    contactId: (row.contact_id as string | null) ?? null,
    assigneeId: (row.assignee_id as string | null) ?? null,
    teamId: (row.team_id as string | null) ?? null,
    createdById: (row.created_by_id as string | null) ?? null,
    ticketNumber: row.ticket_number == null ? null : Number(row.ticket_number),
    ticketTitle: (row.ticket_title as string | null) ?? null,
    ticketType: (row.ticket_type as ConversationSnapshot['ticketType']) ?? null,
    ticketPriority: (row.ticket_priority as ConversationSnapshot['ticketPriority']) ?? null,
    trashed: row.trashed_at !== null && row.trashed_at !== undefined,
    lastMessageAt: dateOf(row.last_message_at),
    ...members,
    version: Number(row.version ?? 0),
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
    system:
      row.system == null
        ? null
        : ((typeof row.system === 'string' ? JSON.parse(row.system) : row.system) as StoredSystemEvent),
    attachments:
      row.attachments == null
        ? []
        : ((typeof row.attachments === 'string'
            ? JSON.parse(row.attachments)
            : row.attachments) as StoredAttachment[]),
    createdAt: dateOf(row.created_at),
  }
}
