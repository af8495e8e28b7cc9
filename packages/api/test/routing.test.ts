import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboxEvent } from '../src/routers/conversation.router.ts'
import type { CustomerEvent } from '../src/routers/customer.router.ts'
import { type Caller, createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// Issue 8, part 2: routing. A conversation goes into a team's queue; the team's members see it there
// (even without the support flag, rule 9) and any of them may take it; the customer hears who joined,
// never the routing; "Close conversation" can be done without telling the customer.

let h: Harness
let admin: TestAgent
let bill: TestAgent
let outsider: TestAgent
let adminCaller: Caller
let billCaller: Caller
let billingId: string
let salesId: string

beforeAll(async () => {
  h = await createHarness()
  admin = await h.admin('Anna')
  bill = await h.plainAgent('Bill')
  outsider = await h.plainAgent('Olga')
  adminCaller = await h.asAgent(admin)
  billingId = (await adminCaller.team.createTeam({ name: 'Billing' })).id
  salesId = (await adminCaller.team.createTeam({ name: 'Sales' })).id
  await adminCaller.team.setTeamMembers({ teamId: billingId, agentIds: [bill.id] })
  billCaller = await h.asAgent(bill)
})
afterAll(() => h.close())

const openTeam = { section: 'team', status: 'open' } as const

describe('a team queue', () => {
  it('holds what was routed to the team; a member takes it and replies, the customer hears only who joined', async () => {
    const { conversationId, caller: customer } = await h.customerWithConversation(
      'My invoice is wrong',
      'Petra',
    )
    await adminCaller.conversation.assignToMe({ conversationId })
    // Bill is no support agent: the customer's conversation is not his to see yet.
    expect((await refusalOf(billCaller.conversation.get({ id: conversationId }))).code).toBe('NOT_FOUND')

    const routed = await adminCaller.conversation.assignTeam({ conversationId, teamId: billingId })
    expect(routed.team).toEqual({ id: billingId, name: 'Billing' })
    // Handing it to the team lets go of it: the queue is for the team to take.
    expect(routed.assignee).toBeNull()

    const queue = await billCaller.conversation.list(openTeam)
    expect(queue.map((row) => [row.id, row.team?.name])).toEqual([[conversationId, 'Billing']])
    expect((await billCaller.conversation.list({ section: 'customers', status: 'open' })).length).toBe(0)
    expect((await billCaller.agents.teams()).map((team) => [team.name, team.mine])).toEqual([
      ['Billing', true],
      ['Sales', false],
    ])
    // Anyone else outside the team still gets nothing, by list or by id.
    const olga = await h.asAgent(outsider)
    expect(await olga.conversation.list(openTeam)).toEqual([])
    expect((await refusalOf(olga.conversation.get({ id: conversationId }))).code).toBe('NOT_FOUND')
    expect((await refusalOf(olga.conversation.assignToMe({ conversationId }))).code).toBe('NOT_FOUND')

    // A member notes, takes it and replies.
    await billCaller.conversation.note({ conversationId, clientId: crypto.randomUUID(), body: 'Mine now' })
    expect(
      (
        await refusalOf(
          billCaller.conversation.reply({ conversationId, clientId: crypto.randomUUID(), body: 'Hi' }),
        )
      ).domainCode,
    ).toBe('NOT_ASSIGNED')
    await billCaller.conversation.assignToMe({ conversationId })
    await billCaller.conversation.reply({ conversationId, clientId: crypto.randomUUID(), body: 'Fixed it' })

    const thread = await customer.customer.conversation({ id: conversationId })
    const systemTypes = thread.messages.flatMap((message) => (message.system ? [message.system.type] : []))
    expect(systemTypes).toEqual(['assigned', 'assigned'])
    expect(JSON.stringify(thread)).not.toContain('Billing')
    expect(thread.messages.map((message) => message.body)).toContain('Fixed it')

    // The agents' thread keeps the whole history.
    const agentThread = await adminCaller.conversation.get({ id: conversationId })
    expect(agentThread.messages.flatMap((message) => (message.system ? [message.system] : []))).toEqual([
      { type: 'assigned', agentName: 'Anna' },
      { type: 'team_assigned', teamName: 'Billing' },
      { type: 'assigned', agentName: 'Bill' },
    ])
  })

  it('reaches its members live, and they see the routing; moving it to another team takes it away', async () => {
    const { conversationId } = await h.customerWithConversation('Quote please')
    const inbox = await h.subscribe<InboxEvent>(await h.sessionOf(bill), (c) =>
      c.conversation.onInbox({ lastEventId: null }),
    )
    await h.untilFollowed({ kind: 'all' }, 1)
    await adminCaller.conversation.assignTeam({ conversationId, teamId: billingId })
    await inbox.waitFor(
      (event) =>
        event.type === 'conversation.updated' &&
        event.conversation.id === conversationId &&
        event.conversation.team?.id === billingId,
    )
    await inbox.waitFor(
      (event) =>
        event.type === 'message.created' &&
        event.conversationId === conversationId &&
        event.message.system?.type === 'team_assigned',
    )
    await inbox.stop()

    await adminCaller.conversation.assignTeam({ conversationId, teamId: salesId })
    expect((await billCaller.conversation.list(openTeam)).map((row) => row.id)).not.toContain(conversationId)
    expect((await refusalOf(billCaller.conversation.get({ id: conversationId }))).code).toBe('NOT_FOUND')
  })

  it('out of every queue keeps the assignee; routing twice to the same team is refused', async () => {
    const { conversationId } = await h.customerWithConversation('Hello')
    await adminCaller.conversation.assignTeam({ conversationId, teamId: billingId })
    await adminCaller.conversation.assignToMe({ conversationId })
    const again = await refusalOf(adminCaller.conversation.assignTeam({ conversationId, teamId: billingId }))
    expect([again.code, again.message]).toEqual(['CONFLICT', 'Already in the queue of Billing.'])
    const out = await adminCaller.conversation.assignTeam({ conversationId, teamId: null })
    expect([out.team, out.assignee?.name]).toEqual([null, 'Anna'])
  })

  it('refuses an unknown team, a customer, and garbage, changing nothing', async () => {
    const { conversationId, caller: customer } = await h.customerWithConversation('Hi')
    const before = await h.rowCounts()
    expect(
      (await refusalOf(adminCaller.conversation.assignTeam({ conversationId, teamId: crypto.randomUUID() })))
        .code,
    ).toBe('NOT_FOUND')
    expect(
      (
        await refusalOf(() =>
          (customer.conversation.assignTeam as never as (i: unknown) => Promise<unknown>)({
            conversationId,
            teamId: billingId,
          }),
        )
      ).code,
    ).toBe('UNAUTHORIZED')
    for (const input of [
      { conversationId, teamId: 'billing' },
      { conversationId },
      { conversationId, teamId: 7 },
    ]) {
      const refusal = await refusalOf(
        (adminCaller.conversation.assignTeam as never as (i: unknown) => Promise<unknown>)(input),
      )
      expect(refusal.code).toBe('BAD_REQUEST')
    }
    expect(await h.rowCounts()).toEqual(before)
  })
})

describe('closing without notifying the customer', () => {
  it('closes for everyone, but the customer gets no "closed" message, live or on reload', async () => {
    const {
      conversationId,
      caller: customer,
      token,
      contactId,
    } = await h.customerWithConversation('Thanks, all good')
    const { lastEventId } = await customer.customer.conversation({ id: conversationId })
    const chat = await h.subscribe<CustomerEvent>({ visitorToken: token }, (c) =>
      c.customer.onEvents({ lastEventId }),
    )
    await h.untilFollowed({ kind: 'contact', contactId }, 1)

    const closed = await adminCaller.conversation.close({ conversationId, notifyCustomer: false })
    expect(closed.status).toBe('closed')
    // The customer's list learns the status; their thread gets no system message.
    await chat.waitFor(
      (event) => event.type === 'conversation.updated' && event.conversation.status === 'closed',
    )
    expect(
      chat.data.some((event) => event.type === 'message.created' && event.message.system?.type === 'closed'),
    ).toBe(false)
    const thread = await customer.customer.conversation({ id: conversationId })
    expect(thread.messages.some((message) => message.system?.type === 'closed')).toBe(false)

    const agentThread = await adminCaller.conversation.get({ id: conversationId })
    expect(agentThread.messages.at(-1)?.system).toEqual({ type: 'closed', quietly: true })
    expect(agentThread.messages.at(-1)?.visibility).toBe('internal')

    // The ordinary close still tells them.
    await adminCaller.conversation.reopen({ conversationId })
    await adminCaller.conversation.close({ conversationId })
    const after = await customer.customer.conversation({ id: conversationId })
    expect(after.messages.filter((message) => message.system?.type === 'closed').length).toBe(1)
    await chat.stop()
  })
})
