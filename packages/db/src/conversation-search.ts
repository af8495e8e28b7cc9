import type { DatabaseKind } from './orm.ts'
import { dialectOf } from './sql-runner.ts'

/**
 * Finding conversations by what was typed into the inbox's search: one meaning on both databases, each
 * with its own index (SQLite FTS5, PostgreSQL tsvector; the migration `…_search` builds them and their
 * triggers). A conversation is found when one of its text messages (notes included: only agents search),
 * its contact's name and email, or its subject and ticket title contain every typed word; the last word
 * also as the start of a longer one, as the agent is still typing it. Words are runs of letters and digits,
 * compared without case; SQLite also ignores diacritics (PostgreSQL's `simple` configuration does not).
 *
 * The typed text never reaches a query parser as such: quotes, operators and punctuation only separate
 * words, so nothing an agent types can be a syntax error.
 */

/** More words narrow no further in practice, and each one costs an index lookup. */
const MAX_TERMS = 8
/** A one-letter prefix matches most of the index: the last word is a prefix from its second letter on. */
const MIN_PREFIX_LENGTH = 2

/** The words of a search, lower-cased, each once, in the order typed; empty when there is nothing to find. */
export function searchTermsOf(text: string | null): string[] {
  const words =
    text
      ?.normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu) ?? []
  return [...new Set(words)].slice(0, MAX_TERMS)
}

/**
 * The terms as the database's full-text query: FTS5 phrases on SQLite (`"anna" "refu"*`), a tsquery on
 * PostgreSQL (`'anna' & 'refu':*`). Terms hold only letters and digits, so quoting them is safe.
 */
export function matchQueryOf(kind: DatabaseKind, terms: string[]): string {
  return terms
    .map((term, i) => {
      const prefix = i === terms.length - 1 && [...term].length >= MIN_PREFIX_LENGTH
      return kind === 'sqlite' ? `"${term}"${prefix ? '*' : ''}` : `'${term}'${prefix ? ':*' : ''}`
    })
    .join(kind === 'sqlite' ? ' ' : ' & ')
}

/**
 * On SQLite a conversation's texts sit under rowids `key << 24` (contact), `+ 1` (subject and ticket
 * title) and `+ 2…` (messages) of the FTS5 table, and prefixes of these lengths have an index of their
 * own: both as the migration `…_search` made them.
 */
const SLOT_BITS = 24
const INDEXED_PREFIX_LENGTHS = [2, 3]

/** Below this many matching conversations a SQLite search sorts the matches; at or above, it walks the list. */
export const SEARCH_DRIVE_LIMIT = 1000

/**
 * How SQLite finds a page of matching conversations, by how many match (counted up to SEARCH_DRIVE_LIMIT):
 * - `fromMatches`: few; the page is sorted out of them (the cost grows with the matches).
 * - otherwise the list is walked newest first until the page is full (the cost shrinks as matches grow),
 *   each conversation asked either of the FTS5 index for its own rowid range (`askEach`), or of the set of
 *   matching conversations, collected once (`matchedSet`): FTS5 merges the word lists of an unindexed
 *   prefix anew for every question, so a long last word is collected once instead.
 */
export type SqliteSearchPlan = 'fromMatches' | 'askEach' | 'matchedSet'

export function sqliteSearchPlan(terms: string[], matchingConversations: number): SqliteSearchPlan {
  if (matchingConversations < SEARCH_DRIVE_LIMIT) return 'fromMatches'
  const last = [...(terms.at(-1) ?? '')].length
  return last >= MIN_PREFIX_LENGTH && !INDEXED_PREFIX_LENGTHS.includes(last) ? 'matchedSet' : 'askEach'
}

/** The SQL of a search on SQLite, bound to `:match` (matchQueryOf's text), for each SqliteSearchPlan. */
export const sqliteSearch = (() => {
  const matchedKeys = `select distinct rowid >> ${SLOT_BITS} as key from search_text where search_text match :match`
  const keyOfC = 'select sc.key from search_conversation sc where sc.conversation_id = c.id'
  return {
    /** How many conversations match, counted up to `:cap`. */
    matchedCount: `select count(*) as found from (${matchedKeys} limit :cap)`,
    /** fromMatches: the matched conversations as `c`, a \`from\` clause the list's other joins follow. */
    fromMatches: `(${matchedKeys}) found cross join search_conversation sc on sc.key = found.key
      cross join conversation c on c.id = sc.conversation_id`,
    /** askEach: whether conversation `c` matches, the FTS5 index asked for the rowid range of its texts. */
    askEach: `exists (select 1 from search_text(:match) s where s.rowid between (${keyOfC}) << ${SLOT_BITS}
      and ((${keyOfC}) << ${SLOT_BITS}) + ${2 ** SLOT_BITS - 1})`,
    /** matchedSet: whether conversation `c` matches; SQLite collects the subquery's keys once per statement. */
    matchedSet: `(${keyOfC}) in (select rowid >> ${SLOT_BITS} from search_text(:match))`,
  }
})()

/** Below this many matching messages a PostgreSQL search starts from them; at or above, it walks the list. */
const POSTGRES_DRIVE_LIMIT = 3000
/** Messages the estimate of how many match reads, whatever the table's size. */
const POSTGRES_SAMPLE = 10_000

/**
 * The search on PostgreSQL, bound to `:match` (a tsquery's text). Its planner misjudges how many rows a
 * prefix query matches, and with them whether a page fills sooner from the matches or walking the list, so
 * the choice is made here: `matchedSample` tries the first `:sample` stored messages (a bounded read
 * either way; counting the matches would cost as much as a wrong plan), `fewMessages` scales that up. When
 * few match, `branches` gives the conversations matched by a message (from the matches), by their contact
 * and by their subject, a page of each (`page(from, condition)`), each from its own index: their union
 * holds the page of all three. When many match, the list is walked newest first and each conversation
 * asked all three at once (`anyText`): the page fills after a few hundred, where a common word's subjects
 * or contacts, taken from their index, would each be hundreds more to sort. Lookups are
 * `Dialect.lookUp`s: left to itself, the planner would hash whole tables.
 */
export function fewMessages(sample: Record<string, unknown>): boolean {
  const sampled = Number(sample.sampled)
  const estimate =
    sampled === 0 ? 0 : (Number(sample.hits) / sampled) * Math.max(sampled, Number(sample.total))
  return estimate < POSTGRES_DRIVE_LIMIT
}

export const postgresSearch = (() => {
  const postgres = dialectOf('postgres')
  const query = "to_tsquery('simple', :match::text)"
  const contactMatches = `search_document(coalesce(ct.name, '') || ' ' || coalesce(ct.email, '')) @@ ${query}`
  const subjectMatches = `search_document(coalesce(c.subject, '') || ' ' || coalesce(c.ticket_title, '')) @@ ${query}`
  const messageMatches = `(select 1 from message_search ms where ms.conversation_id = c.id and ms.document @@ ${query}
      limit 1) is not null`
  return {
    matchedSample: `select count(*) filter (where s.document @@ ${query}) as hits, count(*) as sampled,
        (select reltuples from pg_class where oid = 'message_search'::regclass) as total
      from (select document from message_search limit ${POSTGRES_SAMPLE}) s`,
    /** Whether conversation `c` matches by its subject, a message or its contact: the cheaper tests first. */
    anyText: `((coalesce(c.subject, c.ticket_title) is not null and ${subjectMatches}) or ${messageMatches}
      or (c.contact_id is not null and exists (select 1 from contact ct where ct.id = c.contact_id
        and ${contactMatches})))`,
    /** A page of each of the three ways a conversation matches, when few messages do. */
    branches: (page: (from: string, condition: string) => string) => {
      const byMessage = page(
        `(select distinct ms.conversation_id as id from message_search ms where ms.document @@ ${query}) found
          ${postgres.lookUp('conversation', 'c', 'c.id = found.id')}`,
        'true',
      )
      const byContact = page(
        `contact ct ${postgres.lookUp('conversation', 'c', 'c.contact_id = ct.id')}`,
        contactMatches,
      )
      const bySubject = page('conversation c', subjectMatches)
      return `(${byMessage}) union (${byContact}) union (${bySubject})`
    },
  }
})()
