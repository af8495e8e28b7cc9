import type { InboxSection } from '@parley/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConversationDTO } from '../src/dto.ts'
import {
  applyInboxEvent,
  INBOX_LIST_LIMIT,
  type InboxListFilter,
  type InboxRowEvent,
} from '../src/inbox-rows.ts'
import type { InboxEvent } from '../src/routers/conversation.router.ts'
import { type Caller, createHarness, type Harness, type Stream, type TestAgent } from './harness.ts'

// Issue 8, part 8: an open inbox applies the rows pushed to it instead of fetching its lists again. Zulip's
// test of its events system, here: lists loaded before a run of changes, plus the events the inbox stream
// pushed meanwhile, must equal the lists a fresh read returns afterwards, for every agent and list.

let h: Harness
const agents: Record<
  'anna' | 'ben' | 'paul',
  { agent: TestAgent; calls: Caller; inbox: Stream<InboxEvent> }
> = {} as never

const filters: InboxListFilter[] = (['customers', 'mine', 'team'] as const).flatMap((section) =>
  (['open', 'closed'] as const).map((status) => ({ section, status, search: '' })),
)

beforeAll(async () => {
  h = await createHarness()
  const made = {
    anna: await h.admin('Anna'),
    ben: await h.supportAgent('Ben'),
    paul: await h.plainAgent('Paul'),
  }
  for (const [name, agent] of Object.entries(made)) {
    agents[name as keyof typeof agents] = {
      agent,
      calls: await h.asAgent(agent),
      inbox: await h.subscribe<InboxEvent>(await h.sessionOf(agent), (c) =>
        c.conversation.onInbox({ lastEventId: null }),
      ),
    }
  }
  await h.untilFollowed({ kind: 'all' }, 3)
})
afterAll(() => h.close())

const clientId = () => crypto.randomUUID()

async function chat(name: string, body: string) {
  const { token } = await h.anonymous().customer.start({ name })
  const caller = h.asCustomer(token)
  const { conversation } = await caller.customer.startConversation({ clientId: clientId(), body })
  return { caller, id: conversation.id }
}

async function listsOf(calls: Caller): Promise<ConversationDTO[][]> {
  return Promise.all(filters.map((filter) => calls.conversation.list(filter)))
}

function applied(
  list: ConversationDTO[],
  filter: InboxListFilter,
  events: InboxRowEvent[],
): ConversationDTO[] {
  return events.reduce<ConversationDTO[]>((current, event) => {
    const next: ConversationDTO[] | 'unchanged' | 'refetch' = applyInboxEvent(
      current,
      filter,
      event,
      INBOX_LIST_LIMIT,
    )
    // Small lists, no search: every event here is one the inbox can apply by itself.
    expect(next, `${event.type} on ${filter.section}/${filter.status}`).not.toBe('refetch')
    return next === 'unchanged' || next === 'refetch' ? current : next
  }, list)
}

describe('pushed inbox rows', () => {
  it('applied to the lists an inbox loaded, give the lists a fresh read gives', async () => {
    const { anna, ben, paul } = agents
    const team = await anna.calls.team.createTeam({ name: 'Billing' })
    await anna.calls.team.setTeamMembers({ teamId: team.id, agentIds: [ben.agent.id] })
    const earlier = await chat('Olga', 'An earlier question')
    h.clock.advance(1_000)
    // The lists below are the snapshot: the events they already include must have been delivered first,
    // or they would be applied twice (the inbox's guard against that is tested below, on its own). Paul,
    // no support agent, is not told of unassigned chats.
    for (const { inbox } of [agents.anna, agents.ben])
      await inbox.waitFor(
        (event) => event.type === 'message.created' && event.message.body === 'An earlier question',
      )

    const stale = {
      anna: await listsOf(anna.calls),
      ben: await listsOf(ben.calls),
      paul: await listsOf(paul.calls),
    }
    const seen = { anna: anna.inbox.items.length, ben: ben.inbox.items.length, paul: paul.inbox.items.length }
    let readByAnna = { at: 0, event: null as InboxRowEvent | null }

    const first = await chat('Nina', 'My invoice is wrong')
    h.clock.advance(1_000)
    const second = await chat('Tom', 'Where is my parcel?')
    h.clock.advance(1_000)
    await anna.calls.conversation.assignToMe({ conversationId: first.id })
    await anna.calls.conversation.reply({
      conversationId: first.id,
      clientId: clientId(),
      body: 'Looking into it',
    })
    h.clock.advance(1_000)
    await ben.calls.conversation.note({
      conversationId: first.id,
      clientId: clientId(),
      body: 'Refund approved',
    })
    await ben.calls.conversation.follow({ conversationId: first.id })
    h.clock.advance(1_000)
    await first.caller.customer.send({ conversationId: first.id, clientId: clientId(), body: 'Thank you!' })
    h.clock.advance(1_000)
    // Anna reads it once the reply is in her inbox: the read is one more event in her stream's order.
    await anna.inbox.waitFor(
      (event) => event.type === 'message.created' && event.message.body === 'Thank you!',
    )
    readByAnna = {
      at: anna.inbox.items.length,
      event: await anna.calls.conversation.markRead({ conversationId: first.id }),
    }
    await anna.calls.conversation.assignTeam({ conversationId: second.id, teamId: team.id })
    h.clock.advance(1_000)
    await ben.calls.conversation.assignToMe({ conversationId: second.id })
    await ben.calls.conversation.close({ conversationId: second.id, notifyCustomer: false })
    h.clock.advance(1_000)
    await anna.calls.conversation.trash({ conversationId: earlier.id })
    await anna.calls.conversation.close({ conversationId: first.id, notifyCustomer: true })
    h.clock.advance(1_000)
    await first.caller.customer.send({
      conversationId: first.id,
      clientId: clientId(),
      body: 'One more thing',
    })
    h.clock.advance(1_000)
    await anna.calls.conversation.restore({ conversationId: earlier.id })
    await anna.calls.conversation.assign({ conversationId: earlier.id, agentId: paul.agent.id })
    // Following is each agent's own: Paul's row says so, Ben's (who leaves "My conversations") no more.
    await paul.calls.conversation.follow({ conversationId: earlier.id })
    await ben.calls.conversation.unfollow({ conversationId: first.id })
    h.clock.advance(1_000)
    await earlier.caller.customer.send({
      conversationId: earlier.id,
      clientId: clientId(),
      body: 'Hello Paul',
    })

    for (const name of ['anna', 'ben', 'paul'] as const) {
      const { calls, inbox } = agents[name]
      await inbox.waitFor((event) => event.type === 'message.created' && event.message.body === 'Hello Paul')
      const events: InboxRowEvent[] =
        name === 'anna' && readByAnna.event
          ? [
              ...inbox.data.slice(seen.anna, readByAnna.at),
              readByAnna.event,
              ...inbox.data.slice(readByAnna.at),
            ]
          : inbox.data.slice(seen[name])
      const fresh = await listsOf(calls)
      filters.forEach((filter, index) => {
        expect(
          applied(stale[name][index]!, filter, events),
          `${name}: ${filter.section}/${filter.status}`,
        ).toEqual(fresh[index])
      })
    }
    // Not an empty comparison: the run moved rows in and out of the agents' lists.
    const paulsOpen = await paul.calls.conversation.list({ section: 'mine', status: 'open' })
    expect(paulsOpen.map((row) => [row.id, row.following])).toEqual([[earlier.id, true]])
    const bensTeamClosed = await ben.calls.conversation.list({ section: 'team', status: 'closed' })
    expect(bensTeamClosed.map((row) => row.id)).toEqual([second.id])
  })
})

describe('applying one row (applyInboxEvent)', () => {
  const row = (id: string, at: number, status: 'open' | 'closed' = 'open'): ConversationDTO => ({
    id,
    kind: 'support',
    status,
    subject: null,
    contact: null,
    assignee: null,
    team: null,
    replyRefusal: 'NOT_ASSIGNED',
    following: false,
    offer: null,
    ticket: null,
    lastMessageAt: new Date(at),
    preview: `at ${at}`,
    dot: null,
    unread: 1,
    seenByCustomerAt: null,
    createdAt: new Date(0),
  })
  const open: InboxListFilter = { section: 'customers', status: 'open', search: '' }
  const updated = (
    conversation: ConversationDTO,
    sections: InboxSection[] = ['customers'],
  ): InboxRowEvent => ({
    type: 'conversation.updated',
    conversation,
    sections,
  })
  const message = (conversation: ConversationDTO, unreadAdded: boolean): InboxRowEvent => {
    const { unread: _, ...entry } = conversation
    return {
      type: 'message.created',
      conversationId: conversation.id,
      message: { createdAt: conversation.lastMessageAt } as never,
      row: { entry, sections: ['customers'], unreadAdded },
    }
  }
  const ids = (list: ReturnType<typeof applyInboxEvent>) =>
    Array.isArray(list) ? list.map((r) => r.id) : list

  it('moves a row to where its last message puts it, and counts what is unread for the viewer', () => {
    const list = [row('a', 3), row('b', 2), row('c', 1)]
    const moved = applyInboxEvent(list, open, message(row('c', 4), true), 100)
    expect(ids(moved)).toEqual(['c', 'a', 'b'])
    expect((moved as ConversationDTO[])[0]!.unread).toBe(2)
    expect(
      (applyInboxEvent(list, open, message(row('b', 5), false), 100) as ConversationDTO[])[0]!.unread,
    ).toBe(1)
  })

  it('drops a row that leaves the section or the status, and ignores one that never belonged', () => {
    const list = [row('a', 3), row('b', 2)]
    expect(ids(applyInboxEvent(list, open, updated(row('a', 3, 'closed')), 100))).toEqual(['b'])
    expect(ids(applyInboxEvent(list, open, updated(row('b', 2), ['mine']), 100))).toEqual(['a'])
    expect(applyInboxEvent(list, open, updated(row('z', 9, 'closed')), 100)).toBe('unchanged')
    expect(
      ids(applyInboxEvent(list, open, { type: 'conversation.removed', conversationId: 'a' }, 100)),
    ).toEqual(['b'])
  })

  it('asks for a fresh read where only the server knows: a search, or a full list', () => {
    const list = [row('a', 3), row('b', 2)]
    expect(applyInboxEvent(list, { ...open, search: 'refund' }, message(row('n', 9), true), 100)).toBe(
      'refetch',
    )
    // A listed row that matched the search still does: its messages only grow.
    expect(
      ids(applyInboxEvent(list, { ...open, search: 'refund' }, message(row('b', 9), true), 100)),
    ).toEqual(['b', 'a'])
    expect(applyInboxEvent(list, open, updated(row('a', 3, 'closed')), 2)).toBe('refetch')
    expect(applyInboxEvent(list, open, message(row('old', 9), true), 2)).toBe('refetch')
    // A full list that gains a row from a state change loses its last, as the server's limit would.
    expect(ids(applyInboxEvent(list, open, updated(row('n', 9)), 2))).toEqual(['n', 'a'])
  })

  it('counts a message once when the row was read after it was sent', () => {
    // The fetch answered with b's newer message (at 5) before the event of an earlier one (at 4) came in;
    // or a state change pushed b's row as read after its message at 5 was in.
    const list = [row('b', 5), row('a', 3)]
    expect(applyInboxEvent(list, open, message(row('b', 4), true), 100)).toBe('unchanged')
    expect(applyInboxEvent(list, open, message(row('b', 5), true), 100)).toBe('unchanged')
    const next = applyInboxEvent(list, open, message(row('b', 6), true), 100)
    expect((next as ConversationDTO[])[0]!.unread).toBe(2)
  })

  it('knows nothing of a message pushed without its row, and says so', () => {
    const { row: _, ...bare } = message(row('a', 9), true) as Extract<
      InboxRowEvent,
      { type: 'message.created' }
    >
    expect(applyInboxEvent([row('a', 3)], open, bare, 100)).toBe('refetch')
  })
})
