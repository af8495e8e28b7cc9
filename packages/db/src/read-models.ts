import type { MikroORM } from './orm.ts'
import {
  type Dialect,
  dateOf,
  jsonOf,
  nullableDate,
  perDialect,
  perOrm,
  type Row,
  withConnection,
} from './sql-runner.ts'
import { type ConversationSnapshot, conversationSnapshotOf } from './write-store.ts'

/**
 * What every open inbox reads again after live events: its list, its title count, its unread counts.
 * Plain SQL over the tables the write store keeps (loading the list through the entities cost ~12 ms
 * for a hundred conversations). The queries only narrow; which rows an agent may see and which carry a
 * dot, the api package asks the domain.
 */

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
  trashedAt: Date | null
  /** The last message's preview, notes included: agents see them. */
  preview: string | null
  createdAt: Date
  contact: { id: string; name: string | null; email: string | null; blocked: boolean } | null
  assigneeName: string | null
}

/** The domain's unreadCriteria (packages/domain, visibility.rules.ts), as the query takes it. */
export interface UnreadCriteria {
  visibilities: Array<'public' | 'internal'>
  /** Messages written by, or notices caused by, the viewer do not count. */
  notCausedBy: { kind: 'agent' | 'customer'; id: string } | null
}

export interface InboxQuery {
  agentId: string
  section: 'customers' | 'mine'
  status: 'open' | 'closed'
  /** Text to find in names, emails, previews, subjects and ticket titles; `%` and `_` match themselves. */
  search: string | null
  limit: number
}

const statements = perDialect((d: Dialect) => {
  /** A conversation with what its status dot (rule 11) is decided on, for the agent bound as :agent. */
  const dotColumns = `c.id, c.kind, c.status, c.contact_id, c.assignee_id, c.created_by_id, c.ticket_number,
    c.ticket_title, c.ticket_type, c.ticket_priority, c.trashed_at, c.last_message_at, c.last_author_kind,
    c.last_customer_message_at, c.version, r.read_at,
    (select ${d.jsonArray('m.agent_id')} from conversation_member m where m.conversation_id = c.id) as member_ids`
  const like = d.typed('like', 'text')
  /** The domain's unreadCriteria, applied to message m. */
  const unreadMessage = `${d.inList('m.conversation_id', 'ids')}
    and ${d.inList('m.visibility', 'visibilities', 'text')}
    and (${d.typed('agentId', 'uuid')} is null or ${d.distinct('m.author_agent_id', d.typed('agentId', 'uuid'))})
    and (${d.typed('contactId', 'uuid')} is null or ${d.distinct('m.author_contact_id', d.typed('contactId', 'uuid'))})`
  const matches = (column: string) => `${column} ${d.like} ${like} escape '\\'`
  const inboxRows = `select ${dotColumns}, c.subject, c.last_preview, c.created_at,
          ct.name as contact_name, ct.email as contact_email, ct.blocked as contact_blocked, a.name as assignee_name
        from conversation c
        left join read_marker r on r.conversation_id = c.id and r.agent_id = :agent
        left join contact ct on ct.id = c.contact_id
        left join agent a on a.id = c.assignee_id`
  return {
    unreadForAgent: `select m.conversation_id, count(*) as unread from message m
        left join read_marker r on r.conversation_id = m.conversation_id and r.agent_id = :viewer
        where ${unreadMessage} and (r.read_at is null or m.created_at > r.read_at)
        group by m.conversation_id`,
    unreadForContact: `select m.conversation_id, count(*) as unread from message m
        join conversation c on c.id = m.conversation_id
        where ${unreadMessage} and (c.contact_last_read_at is null or m.created_at > c.contact_last_read_at)
        group by m.conversation_id`,
    dotCandidates: `select ${dotColumns} from conversation c
        left join read_marker r on r.conversation_id = c.id and r.agent_id = :agent
        where c.status = 'open' and c.kind = 'support' and c.trashed_at is null
          and (c.assignee_id is null or c.assignee_id = :agent or c.last_author_kind = 'customer')
        order by c.last_message_at desc limit :limit`,
    /**
     * Open customer conversations whose customer has waited since before :dueBefore, not yet announced.
     * No viewer: the read-marker join matches nothing, so the dot columns come with read_at null.
     */
    missedCandidates: `select ${dotColumns} from conversation c
        left join read_marker r on r.conversation_id = c.id and r.agent_id is null
        where c.status = 'open' and c.kind = 'support' and c.trashed_at is null and c.last_author_kind = 'customer'
          and c.last_customer_message_at <= ${d.typed('dueBefore', 'timestamptz')}
          and (c.missed_announced_for is null or c.missed_announced_for <> c.last_customer_message_at)
        order by c.last_customer_message_at limit :limit`,
    inbox: `${inboxRows}
        where c.status = :status and c.trashed_at is null
          and (case when ${d.typed('section', 'text')} = 'customers' then c.kind = 'support'
            else c.created_by_id = :agent or c.assignee_id = :agent or exists (select 1 from conversation_member m
              where m.conversation_id = c.id and m.agent_id = :agent) end)
          and (${like} is null or ${matches('c.last_preview')} or ${matches('c.subject')}
            or ${matches('c.ticket_title')} or ${matches('ct.name')} or ${matches('ct.email')})
        order by c.last_message_at desc limit :limit`,
    /** Contacts by what was typed (name, email, company, phone), the most recently seen first. */
    contactSearch: `select id from contact
        where ${like} is null or ${matches('name')} or ${matches('email')} or ${matches('company')}
          or ${matches('phone')}
        order by coalesce(last_seen_at, created_at) desc limit :limit`,
    /** Rule 5's Trash, for admins: every conversation in it, open or closed, the latest trashed first. */
    trash: `${inboxRows}
        where c.trashed_at is not null
        order by c.trashed_at desc limit :limit`,
  }
})

const modelOf = perOrm((orm) => new InboxReadModel(orm))

export class InboxReadModel {
  static of(orm: MikroORM): InboxReadModel {
    return modelOf(orm)
  }

  constructor(private readonly orm: MikroORM) {}

  /**
   * How many messages of each conversation count as unread for the viewer (an agent, by their read
   * markers, or the conversation's customer), by the domain's definition: one query for a whole list.
   */
  unreadCounts(
    viewer: { agentId: string } | { contactId: string },
    criteria: UnreadCriteria,
    conversationIds: string[],
  ): Promise<Map<string, number>> {
    if (conversationIds.length === 0) return Promise.resolve(new Map())
    return withConnection(this.orm, { transaction: false }, async (runner) => {
      const sql = statements(runner.dialect)
      const rows = await runner.all('agentId' in viewer ? sql.unreadForAgent : sql.unreadForContact, {
        viewer: 'agentId' in viewer ? viewer.agentId : viewer.contactId,
        ids: JSON.stringify(conversationIds),
        visibilities: JSON.stringify(criteria.visibilities),
        agentId: criteria.notCausedBy?.kind === 'agent' ? criteria.notCausedBy.id : null,
        contactId: criteria.notCausedBy?.kind === 'customer' ? criteria.notCausedBy.id : null,
      })
      return new Map(rows.map((row) => [String(row.conversation_id), Number(row.unread)]))
    })
  }

  /**
   * The open customer conversations a status dot can be on for this agent (unassigned, theirs, or a
   * colleague's whose customer is waiting: it may have turned Missed), with
   * what deciding the dot needs: the inbox's title count, which every open inbox refetches.
   */
  dotCandidates(agentId: string, limit: number): Promise<DotSnapshot[]> {
    return withConnection(this.orm, { transaction: false }, async (runner) => {
      const rows = await runner.all(statements(runner.dialect).dotCandidates, { agent: agentId, limit })
      return rows.map(dotSnapshotOf)
    })
  }

  /**
   * Conversations the Missed sweep may have to announce: the query narrows by time, the domain decides
   * (missedByWaitingAt). Oldest first, so a backlog is worked through in order.
   */
  missedCandidates(dueBefore: Date, limit: number): Promise<DotSnapshot[]> {
    return withConnection(this.orm, { transaction: false }, async (runner) => {
      const rows = await runner.all(statements(runner.dialect).missedCandidates, {
        dueBefore: runner.dialect.date(dueBefore),
        limit,
      })
      return rows.map(dotSnapshotOf)
    })
  }

  /** An agent's inbox list in one statement; which rows the agent may see in it the caller asks the domain. */
  inbox(query: InboxQuery): Promise<InboxRow[]> {
    return withConnection(this.orm, { transaction: false }, async (runner) => {
      const like = likePattern(query.search)
      const rows = await runner.all(statements(runner.dialect).inbox, {
        agent: query.agentId,
        section: query.section,
        status: query.status,
        like,
        limit: query.limit,
      })
      return rows.map(inboxRowOf)
    })
  }

  /** Ids of the contacts matching `search` (all when null), in the order a contacts page lists them. */
  contactIds(query: { search: string | null; limit: number }): Promise<string[]> {
    return withConnection(this.orm, { transaction: false }, async (runner) => {
      const rows = await runner.all(statements(runner.dialect).contactSearch, {
        like: likePattern(query.search),
        limit: query.limit,
      })
      return rows.map((row) => String(row.id))
    })
  }

  trash(query: { agentId: string; limit: number }): Promise<InboxRow[]> {
    return withConnection(this.orm, { transaction: false }, async (runner) => {
      const rows = await runner.all(statements(runner.dialect).trash, {
        agent: query.agentId,
        limit: query.limit,
      })
      return rows.map(inboxRowOf)
    })
  }
}

/** The statements name the backslash as LIKE's escape character: SQLite's LIKE has none unless told. */
function likePattern(search: string | null): string | null {
  return search ? `%${search.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : null
}

function inboxRowOf(row: Row): InboxRow {
  return {
    ...dotSnapshotOf(row),
    subject: (row.subject as string | null) ?? null,
    trashedAt: nullableDate(row.trashed_at),
    preview: (row.last_preview as string | null) ?? null,
    createdAt: dateOf(row.created_at),
    contact: row.contact_id
      ? {
          id: String(row.contact_id),
          name: (row.contact_name as string | null) ?? null,
          email: (row.contact_email as string | null) ?? null,
          blocked: Boolean(row.contact_blocked),
        }
      : null,
    assigneeName: (row.assignee_name as string | null) ?? null,
  }
}

function dotSnapshotOf(row: Row): DotSnapshot {
  return {
    ...conversationSnapshotOf(row, jsonOf<string[]>(row.member_ids)),
    lastAuthorKind: (row.last_author_kind as DotSnapshot['lastAuthorKind']) ?? null,
    lastCustomerMessageAt: nullableDate(row.last_customer_message_at),
    readAt: nullableDate(row.read_at),
  }
}
