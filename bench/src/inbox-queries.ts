import { performance } from 'node:perf_hooks'
import { type InboxQuery, InboxReadModel, type MikroORM } from '@parley/db'
import type { SeededInbox } from './inbox-seed.ts'
import { type Percentiles, percentiles } from './stats.ts'

/** One kind of inbox read, timed over several calls. */
export interface QueryTiming {
  name: string
  /** Rows the (last) call returned: a query that finds nothing is fast for another reason. */
  rows: number
  ms: Percentiles
}

/** One kind of read: its `i`th call, answering how many rows it returned. */
export interface TimedRead {
  name: string
  read: (model: InboxReadModel, i: number) => Promise<number>
}

/**
 * The inbox list of each section, and searches of each kind an agent types, as `conversation.list` reads
 * them; and the contacts page's search (`contact.list`).
 */
export function inboxQueries(seeded: SeededInbox): TimedRead[] {
  const agentAt = (i: number) => seeded.agentIds[i % seeded.agentIds.length]!
  const list =
    (section: InboxQuery['section'], status: InboxQuery['status'], search: string | null) =>
    (i: number): InboxQuery => ({
      agentId: section === 'customers' ? seeded.supportAgentId : agentAt(i),
      section,
      status,
      search,
      limit: 100,
    })
  const inbox = (name: string, query: (i: number) => InboxQuery): TimedRead => ({
    name,
    read: async (model, i) => (await model.inbox(query(i))).length,
  })
  const contacts = (name: string, search: string | null): TimedRead => ({
    name,
    read: async (model) => (await model.contactIds({ search, limit: 100 })).length,
  })
  return [
    inbox('list: from customers, open', list('customers', 'open', null)),
    inbox('list: from customers, closed', list('customers', 'closed', null)),
    inbox('list: my conversations, open', list('mine', 'open', null)),
    inbox('list: my conversations, closed', list('mine', 'closed', null)),
    inbox('list: team, open', list('team', 'open', null)),
    inbox('search: common word "order"', list('customers', 'open', 'order')),
    inbox('search: common word, closed', list('customers', 'closed', 'bestellung')),
    inbox('search: common word, mine', list('mine', 'closed', 'refund')),
    inbox('search: rare word "xylophone"', list('customers', 'open', 'xylophone')),
    inbox('search: prefix "bestel"', list('customers', 'open', 'bestel')),
    inbox('search: prefix "re" (2 letters)', list('customers', 'closed', 're')),
    inbox('search: contact name "Schneider"', list('customers', 'closed', 'Schneider')),
    inbox('search: full name "Anna Schmidt"', list('customers', 'closed', 'Anna Schmidt')),
    inbox('search: email, whole', list('customers', seeded.someEmail.status, seeded.someEmail.email)),
    inbox(
      'search: email, start',
      list('customers', seeded.someEmail.status, seeded.someEmail.email.slice(0, 9)),
    ),
    inbox('search: two words "tracking number"', list('customers', 'open', 'tracking number')),
    inbox('search: two words, one rare', list('customers', 'closed', 'order xylophone')),
    inbox('search: nothing matches', list('customers', 'open', 'zqxjkvw')),
    contacts('contacts page: no search', null),
    contacts('contacts page: search "schneider"', 'schneider'),
    contacts('contacts page: search an email', seeded.someEmail.email),
  ]
}

/** Each query once unmeasured (statements get prepared), then `iterations` timed calls one after another. */
export async function measureInbox(
  orm: MikroORM,
  seeded: SeededInbox,
  iterations: number,
): Promise<QueryTiming[]> {
  const model = InboxReadModel.of(orm)
  const timings: QueryTiming[] = []
  for (const { name, read } of inboxQueries(seeded)) {
    let rows = await read(model, 0)
    const samples: number[] = []
    for (let i = 0; i < iterations; i++) {
      const at = performance.now()
      rows = await read(model, i)
      samples.push(performance.now() - at)
    }
    timings.push({ name, rows, ms: percentiles(samples) })
  }
  return timings
}
