import {
  fewMessages,
  matchQueryOf,
  postgresSearch,
  SEARCH_DRIVE_LIMIT,
  searchTermsOf,
  sqliteSearch,
  sqliteSearchPlan,
} from './conversation-search.ts'
import { databaseKindOf, type MikroORM } from './orm.ts'
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
  teamName: string | null
  /** When the customer last read it: the thread marks the replies up to then "Seen" (issue 10). */
  contactLastReadAt: Date | null
}

/** The domain's unreadCriteria (packages/domain, visibility.rules.ts), as the query takes it. */
export interface UnreadCriteria {
  visibilities: Array<'public' | 'internal'>
  /** Messages written by, or notices caused by, the viewer do not count. */
  notCausedBy: { kind: 'agent' | 'customer'; id: string } | null
}

export interface InboxQuery {
  agentId: string
  section: 'customers' | 'mine' | 'team' | 'internal'
  status: 'open' | 'closed'
  /**
   * Words to find in the conversations' messages (notes included), contact names and emails, subjects and
   * ticket titles (conversation-search.ts); null lists them all.
   */
  search: string | null
  limit: number
}

export type TicketSort = 'updated' | 'newest' | 'number' | 'priority'

export interface TicketQuery {
  agentId: string
  status: 'open' | 'closed' | null
  /** An agent's id, `none` for unassigned tickets, or null for any. */
  assignee: string | null
  teamId: string | null
  priority: 'low' | 'normal' | 'high' | 'urgent' | null
  type: 'ticket' | 'task' | null
  sort: TicketSort
  /** A ticket number ("12", "#12") or words its title contains; empty for all. */
  search: string
  limit: number
}

const TICKET_ORDER: Record<TicketSort, string> = {
  updated: 'c.last_message_at desc',
  newest: 'c.ticket_number desc',
  number: 'c.ticket_number asc',
  priority: `case c.ticket_priority when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end,
    c.last_message_at desc`,
}

const statements = perDialect((d: Dialect) => {
  /** A conversation with what its status dot (rule 11) is decided on, for the agent bound as :agent. */
  const dotColumns = `c.id, c.kind, c.status, c.contact_id, c.assignee_id, c.team_id, c.created_by_id, c.ticket_number,
    c.ticket_title, c.ticket_type, c.ticket_priority, c.trashed_at, c.last_message_at, c.last_author_kind,
    c.last_customer_message_at, c.version, r.read_at,
    (select ${d.jsonArray('m.agent_id')} from conversation_member m where m.conversation_id = c.id) as member_ids,
    (select ${d.jsonArray('m.agent_id')} from conversation_member m
      where m.conversation_id = c.id and m.role = 'follower') as follower_ids,
    (select ${d.jsonArray('o.agent_id')} from ticket_offer o
      where o.conversation_id = c.id and o.status = 'pending' and o.agent_id is not null) as offered_agent_ids,
    (select ${d.jsonArray('o.team_id')} from ticket_offer o
      where o.conversation_id = c.id and o.status = 'pending' and o.team_id is not null) as offered_team_ids`
  const like = d.typed('like', 'text')
  /** The domain's unreadCriteria, applied to message m. */
  const unreadMessage = `${d.inList('m.conversation_id', 'ids')}
    and ${d.inList('m.visibility', 'visibilities', 'text')}
    and (${d.typed('agentId', 'uuid')} is null or ${d.distinct('m.author_agent_id', d.typed('agentId', 'uuid'))})
    and (${d.typed('contactId', 'uuid')} is null or ${d.distinct('m.author_contact_id', d.typed('contactId', 'uuid'))})
    and (${d.typed('until', 'timestamptz')} is null or m.created_at <= ${d.typed('until', 'timestamptz')})`
  const matches = (column: string) => `${column} ${d.like} ${like} escape '\\'`
  /** List rows of the conversations `from` names `c`. */
  const inboxRowsFrom = (from: string) => `select ${dotColumns}, c.subject, c.last_preview, c.created_at,
          c.contact_last_read_at, ct.name as contact_name, ct.email as contact_email, ct.blocked as contact_blocked, a.name as assignee_name,
          t.name as team_name
        from ${from}
        left join read_marker r on r.conversation_id = c.id and r.agent_id = :agent
        left join contact ct on ct.id = c.contact_id
        left join agent a on a.id = c.assignee_id
        left join team t on t.id = c.team_id`
  const inboxRows = inboxRowsFrom('conversation c')
  const newestFirst = 'order by c.last_message_at desc limit :limit'
  const listed = 'c.status = :status and c.trashed_at is null'
  /** Conversations that are "mine": created by, assigned to, followed by or offered to the agent. */
  const mineIds = `select x.id from conversation x where x.assignee_id = :agent
    union all select x.id from conversation x where x.created_by_id = :agent
    union all select m.conversation_id from conversation_member m where m.agent_id = :agent
    union all select o.conversation_id from ticket_offer o where o.agent_id = :agent and o.status = 'pending'`
  /**
   * What a section's list narrows to, one text per section so that each gets a plan of its own: `walk`
   * selects the ids of a page of the section's conversations (as `c`) that meet `condition`, newest first;
   * `within` is the section's condition on conversations found another way (by a search).
   */
  const sectionOf = (section: InboxQuery['section']) => {
    if (section === 'mine') {
      // The list: a page from each of the three ways in, each by its own index, the assignee's and the
      // creator's in list order (memberships other than those two are few: followers, former assignees).
      // A search on PostgreSQL reads the same three pages, each conversation asked on the way until its
      // page is full: a common word fills them after a few hundred. SQLite instead asks each of the agent's
      // conversations once, its matches collected once (\`matchedSet\`), which costs it less than three walks.
      const branch = (name: string, from: string, where: string, condition?: string) =>
        `select * from (select c.id, c.last_message_at from ${from} where ${where} and ${listed}
          and c.kind = 'support'
          ${condition ? `and ${condition}` : ''} ${newestFirst}) ${name}`
      const list = (condition?: string) => `select c.id from (
          ${branch('assigned', 'conversation c', 'c.assignee_id = :agent', condition)}
          union ${branch('created', 'conversation c', 'c.created_by_id = :agent', condition)}
          union ${branch(
            'followed',
            `conversation_member m ${d.lookUp('conversation', 'c', 'c.id = m.conversation_id')}`,
            `m.agent_id = :agent and ${d.distinct('c.assignee_id', ':agent')}
              and ${d.distinct('c.created_by_id', ':agent')}`,
            condition,
          )}
          union ${branch(
            'offered',
            `ticket_offer o ${d.lookUp('conversation', 'c', 'c.id = o.conversation_id')}`,
            `o.agent_id = :agent and o.status = 'pending'`,
            condition,
          )}) c ${newestFirst}`
      return {
        walk: (condition?: string) =>
          condition === undefined || d.kind === 'postgres'
            ? list(condition)
            : `select c.id from (select distinct ids.id from (${mineIds}) ids) mine
                ${d.lookUp('conversation', 'c', 'c.id = mine.id')}
              where ${listed} and c.kind = 'support' and ${condition} ${newestFirst}`,
        within: `${listed} and c.kind = 'support' and c.id in (${mineIds})`,
      }
    }
    if (section === 'internal') {
      // Rule 8: conversations between agents, the agent's own (created or taking part); few per agent.
      const within = `${listed} and c.kind = 'internal' and (c.created_by_id = :agent
        or c.id in (select m.conversation_id from conversation_member m where m.agent_id = :agent))`
      return {
        walk: (condition?: string) =>
          `select c.id from conversation c where ${within} ${condition ? `and ${condition}` : ''} ${newestFirst}`,
        within,
      }
    }
    const within =
      section === 'customers'
        ? `${listed} and c.kind = 'support'`
        : `${listed} and c.kind = 'support'
            and (c.team_id in (select tm.team_id from team_member tm where tm.agent_id = :agent)
              or c.id in (select o.conversation_id from ticket_offer o
                join team_member tm on tm.team_id = o.team_id
                where tm.agent_id = :agent and o.status = 'pending'))`
    return {
      walk: (condition?: string) =>
        `select c.id from conversation c where ${within} ${condition ? `and ${condition}` : ''} ${newestFirst}`,
      within,
    }
  }
  /**
   * A page of the list: which conversations first (`page` selects their ids, newest first), then the
   * columns and joins of those rows only, not of every candidate the sort had to look at.
   */
  const inboxPage = (page: string) =>
    `${inboxRowsFrom(`(${page}) page ${d.lookUp('conversation', 'c', 'c.id = page.id')}`)}
      order by c.last_message_at desc`
  const inboxOf = (section: InboxQuery['section']) => {
    const { walk, within } = sectionOf(section)
    const fewMessages = inboxPage(
      `select c.id from conversation c where c.id in (${postgresSearch.branches(
        (from, condition) => `select c.id from ${from} where ${within} and ${condition} ${newestFirst}`,
      )}) ${newestFirst}`,
    )
    return {
      all: inboxPage(walk()),
      /** SQLite searches, one statement per SqliteSearchPlan. */
      fromMatches: inboxPage(`select c.id from ${sqliteSearch.fromMatches} where ${within} ${newestFirst}`),
      askEach: inboxPage(walk(sqliteSearch.askEach)),
      matchedSet: inboxPage(walk(sqliteSearch.matchedSet)),
      /** PostgreSQL searches, by few matching messages or many. */
      fewMessages,
      manyMessages: inboxPage(walk(postgresSearch.anyText)),
    }
  }
  return {
    inbox: {
      customers: inboxOf('customers'),
      mine: inboxOf('mine'),
      team: inboxOf('team'),
      internal: inboxOf('internal'),
    },
    matchedCount: sqliteSearch.matchedCount,
    matchedSample: postgresSearch.matchedSample,
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
    /** The contacts page without a search: the most recently seen first. */
    contacts: `select id from contact order by coalesce(last_seen_at, created_at) desc limit :limit`,
    /**
     * Contacts whose name, email, company or phone contains what was typed, the most recently seen first.
     * On PostgreSQL the trigram index of the four texts joined (migration `…_contact_search`, the very same
     * expression) finds the candidates of a search of three or more characters, the columns decide; SQLite
     * reads the table, which at a contact table's size is cheap.
     */
    contactSearch: `select id from contact
        where ${
          d.kind === 'postgres'
            ? `${matches(`(coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(company, '')
                || ' ' || coalesce(phone, ''))`)} and`
            : ''
        } (${matches('name')} or ${matches('email')} or ${matches('company')} or ${matches('phone')})
        order by coalesce(last_seen_at, created_at) desc limit :limit`,
    /** One conversation's row as every agent's list shows it; read markers come separately, per agent. */
    inboxRow: `${inboxRows}
        where c.id = :id`,
    readMarkers: `select agent_id, read_at from read_marker where conversation_id = :id`,
    /**
     * Per conversation, the customer's latest message that some agent's read marker covers: how far the
     * team has read (never who, nor when: a read time could follow a note, which the customer must not
     * learn of). The correlated max walks the (conversation, created_at) index back from the read.
     */
    teamSeenUpTo: `select r.conversation_id, (select max(m.created_at) from message m
          where m.conversation_id = r.conversation_id and m.author_kind = 'customer' and m.created_at <= r.read_at
        ) as seen
      from (select conversation_id, max(read_at) as read_at from read_marker
        where ${d.inList('conversation_id', 'ids')} group by conversation_id) r`,
    /** The Tickets page (issue 9, part 1): tickets by what the filters ask, in each sort's order. */
    tickets: Object.fromEntries(
      Object.entries(TICKET_ORDER).map(([sort, order]) => [
        sort,
        `${inboxRows}
        where c.ticket_number is not null and c.trashed_at is null
          and (${d.typed('status', 'text')} is null or c.status = ${d.typed('status', 'text')})
          and (${d.typed('assigneeId', 'uuid')} is null or c.assignee_id = ${d.typed('assigneeId', 'uuid')})
          and (not ${d.typed('unassigned', 'boolean')} or c.assignee_id is null)
          and (${d.typed('teamId', 'uuid')} is null or c.team_id = ${d.typed('teamId', 'uuid')})
          and (${d.typed('priority', 'text')} is null or c.ticket_priority = ${d.typed('priority', 'text')})
          and (${d.typed('type', 'text')} is null or c.ticket_type = ${d.typed('type', 'text')})
          and (${like} is null or c.ticket_number = ${d.typed('number', 'integer')} or ${matches('c.ticket_title')})
        order by ${order} limit :limit`,
      ]),
    ) as Record<TicketSort, string>,
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
   * `until` counts only messages up to that time: a row loaded before this count must not count a
   * message sent in between, or the event of that message, pushed after the row, counts it twice.
   */
  unreadCounts(
    viewer: { agentId: string } | { contactId: string },
    criteria: UnreadCriteria,
    conversationIds: string[],
    until: Date | null = null,
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
        until: until && runner.dialect.date(until),
      })
      return new Map(rows.map((row) => [String(row.conversation_id), Number(row.unread)]))
    })
  }

  /**
   * How far the team has read each conversation's customer messages (teamSeenUpTo above): the chat's
   * "Seen" under the latest of them. Absent where no agent has read one yet.
   */
  teamSeenUpTo(conversationIds: string[]): Promise<Map<string, Date>> {
    if (conversationIds.length === 0) return Promise.resolve(new Map())
    return withConnection(this.orm, { transaction: false }, async (runner) => {
      const rows = await runner.all(statements(runner.dialect).teamSeenUpTo, {
        ids: JSON.stringify(conversationIds),
      })
      return new Map(
        rows.flatMap((row) => (row.seen == null ? [] : [[String(row.conversation_id), dateOf(row.seen)]])),
      )
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

  /**
   * A page of an agent's inbox list, newest first, in one statement (a search first asks how common its
   * words are: conversation-search.ts); which rows the agent may see in it the caller asks the domain.
   */
  inbox(query: InboxQuery): Promise<InboxRow[]> {
    const postgres = databaseKindOf(this.orm) === 'postgres'
    return withConnection(this.orm, { transaction: postgres }, async (runner) => {
      // Statements this short lose more than they gain to a parallel worker's start and to JIT compiling
      // (which the planner's estimates for a search call for): each added tens of ms to a search here.
      if (postgres) {
        await runner.all(
          "select set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)",
        )
      }
      const sql = statements(runner.dialect)
      const list = sql.inbox[query.section]
      const params = { agent: query.agentId, status: query.status, limit: query.limit }
      if (query.search === null) return (await runner.all(list.all, params)).map(inboxRowOf)
      const terms = searchTermsOf(query.search)
      if (terms.length === 0) return []
      const match = matchQueryOf(runner.dialect.kind, terms)
      if (runner.dialect.kind === 'postgres') {
        const [sample] = await runner.all(sql.matchedSample, { match })
        const few = sample !== undefined && fewMessages(sample)
        return (await runner.all(few ? list.fewMessages : list.manyMessages, { ...params, match })).map(
          inboxRowOf,
        )
      }
      const [counted] = await runner.all(sql.matchedCount, { match, cap: SEARCH_DRIVE_LIMIT })
      const plan = sqliteSearchPlan(terms, Number(counted?.found))
      return (await runner.all(list[plan], { ...params, match })).map(inboxRowOf)
    })
  }

  /** Ids of the contacts matching `search` (all when null), in the order a contacts page lists them. */
  contactIds(query: { search: string | null; limit: number }): Promise<string[]> {
    return withConnection(this.orm, { transaction: false }, async (runner) => {
      const sql = statements(runner.dialect)
      const rows = query.search
        ? await runner.all(sql.contactSearch, { like: likePattern(query.search), limit: query.limit })
        : await runner.all(sql.contacts, { limit: query.limit })
      return rows.map((row) => String(row.id))
    })
  }

  /**
   * One conversation's list row for whichever agent sees it (`readAt` null) and every agent's read
   * marker on it: what a pushed row update is made of, read once per event for all open inboxes.
   */
  inboxRowForAll(conversationId: string): Promise<{ row: InboxRow; readAt: Map<string, Date> } | null> {
    return withConnection(this.orm, { transaction: false }, async (runner) => {
      const sql = statements(runner.dialect)
      const [row] = await runner.all(sql.inboxRow, { id: conversationId, agent: null })
      if (!row) return null
      const markers = await runner.all(sql.readMarkers, { id: conversationId })
      return {
        row: inboxRowOf(row),
        readAt: new Map(markers.map((marker) => [String(marker.agent_id), dateOf(marker.read_at)])),
      }
    })
  }

  /** Tickets by the Tickets page's filters; which of them the agent may see, the caller asks the domain. */
  tickets(query: TicketQuery): Promise<InboxRow[]> {
    return withConnection(this.orm, { transaction: false }, async (runner) => {
      const rows = await runner.all(statements(runner.dialect).tickets[query.sort], {
        agent: query.agentId,
        status: query.status,
        assigneeId: query.assignee === 'none' ? null : query.assignee,
        unassigned: runner.dialect.bool(query.assignee === 'none'),
        teamId: query.teamId,
        priority: query.priority,
        type: query.type,
        ...ticketSearch(query.search),
        limit: query.limit,
      })
      return rows.map(inboxRowOf)
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
/** A number finds that ticket; anything else the tickets whose title contains it. */
function ticketSearch(search: string): { like: string | null; number: number | null } {
  const words = search.trim()
  if (!words) return { like: null, number: null }
  const number = /^#?(\d{1,9})$/.exec(words)?.[1]
  return { like: likePattern(words), number: number ? Number(number) : null }
}

function likePattern(search: string): string {
  return `%${search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`
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
    teamName: (row.team_name as string | null) ?? null,
    contactLastReadAt: nullableDate(row.contact_last_read_at),
  }
}

function dotSnapshotOf(row: Row): DotSnapshot {
  return {
    ...conversationSnapshotOf(row, {
      memberIds: jsonOf<string[]>(row.member_ids),
      followerIds: jsonOf<string[]>(row.follower_ids),
      offeredAgentIds: jsonOf<string[]>(row.offered_agent_ids),
      offeredTeamIds: jsonOf<string[]>(row.offered_team_ids),
    }),
    lastAuthorKind: (row.last_author_kind as DotSnapshot['lastAuthorKind']) ?? null,
    lastCustomerMessageAt: nullableDate(row.last_customer_message_at),
    readAt: nullableDate(row.read_at),
  }
}
