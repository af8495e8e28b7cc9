import { Message } from '@parley/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboxEvent } from '../src/routers/conversation.router.ts'
import type { CustomerEvent } from '../src/routers/customer.router.ts'
import {
  type Caller,
  createHarness,
  type Harness,
  refusalOf,
  type Stream,
  type TestAgent,
} from './harness.ts'

// Issue 9, part 4: an agent follows a conversation; it is then theirs under "My conversations" and each
// new message in it alerts them. Unfollowing takes it out again.

let h: Harness
let anna: TestAgent
let paul: TestAgent
let annaCalls: Caller
let paulCalls: Caller
let billingId: string
let salesId: string

beforeAll(async () => {
  h = await createHarness()
  anna = await h.admin('Anna')
  // No support agent: Paul sees customers' conversations only in his team's queue, and what is his.
  paul = await h.plainAgent('Paul')
  annaCalls = await h.asAgent(anna)
  billingId = (await annaCalls.team.createTeam({ name: 'Billing' })).id
  salesId = (await annaCalls.team.createTeam({ name: 'Sales' })).id
  await annaCalls.team.setTeamMembers({ teamId: billingId, agentIds: [paul.id] })
  paulCalls = await h.asAgent(paul)
})
afterAll(() => h.close())

const clientId = () => crypto.randomUUID()
const openMine = { section: 'mine', status: 'open' } as const

type Created = Extract<InboxEvent, { type: 'message.created' }>
type Updated = Extract<InboxEvent, { type: 'conversation.updated' }>
const createdWith =
  (body: string) =>
  (event: InboxEvent): event is Created =>
    event.type === 'message.created' && event.message.body === body
const updatedAs = (conversationId: string, following: boolean) => (event: InboxEvent) =>
  event.type === 'conversation.updated' &&
  event.conversation.id === conversationId &&
  event.conversation.following === following

/** A customer's chat in Billing's queue, taken by Anna: Paul sees it, and no new chat alerts him. */
async function billingChat(body: string) {
  const started = await h.customerWithConversation(body)
  await annaCalls.conversation.assignTeam({ conversationId: started.conversationId, teamId: billingId })
  await annaCalls.conversation.assignToMe({ conversationId: started.conversationId })
  return started
}

async function inboxOf(agent: TestAgent): Promise<Stream<InboxEvent>> {
  const inbox = await h.subscribe<InboxEvent>(await h.sessionOf(agent), (c) =>
    c.conversation.onInbox({ lastEventId: null }),
  )
  await h.untilFollowed({ kind: 'all' }, 1)
  return inbox
}

const mineIds = async () => (await paulCalls.conversation.list(openMine)).map((row) => row.id)

describe('following a conversation', () => {
  it('puts it under "My conversations", live, and alerts the follower to each new message', async () => {
    const { conversationId, caller: customer, token } = await billingChat('My invoice is wrong')
    const inbox = await inboxOf(paul)
    const { lastEventId } = await customer.customer.conversation({ id: conversationId })
    const chat = await h.subscribe<CustomerEvent>({ visitorToken: token }, (c) =>
      c.customer.onEvents({ lastEventId }),
    )
    expect(await mineIds()).not.toContain(conversationId)
    const messages = await h.count(Message, { conversation: conversationId })

    const followed = await paulCalls.conversation.follow({ conversationId })

    expect(followed).toMatchObject({ id: conversationId, following: true })
    const pushed = (await inbox.waitFor(updatedAs(conversationId, true))).data as Updated
    expect(pushed.sections).toEqual(['mine', 'team'])
    const [row] = await paulCalls.conversation.list(openMine)
    expect(row).toMatchObject({ id: conversationId, following: true })
    // Nothing is said in the thread, and Anna's view of it does not say that she follows it.
    expect(await h.count(Message, { conversation: conversationId })).toBe(messages)
    expect((await annaCalls.conversation.get({ id: conversationId })).conversation.following).toBe(false)

    await customer.customer.send({ conversationId, clientId: clientId(), body: 'It says 200, not 20' })
    const fromCustomer = (await inbox.waitFor(createdWith('It says 200, not 20'))).data as Created
    expect(fromCustomer.alert).toBe('followed')
    expect(fromCustomer.row).toMatchObject({ entry: { following: true }, sections: ['mine', 'team'] })

    await annaCalls.conversation.note({ conversationId, clientId: clientId(), body: 'Refund is on its way' })
    expect((await inbox.waitFor(createdWith('Refund is on its way'))).data).toMatchObject({
      alert: 'followed',
    })
    // His own note alerts nobody of himself, and leaves him following (not merely taking part).
    await paulCalls.conversation.note({ conversationId, clientId: clientId(), body: 'Thanks Anna' })
    expect((await inbox.waitFor(createdWith('Thanks Anna'))).data).not.toHaveProperty('alert')
    expect((await paulCalls.conversation.get({ id: conversationId })).conversation.following).toBe(true)

    // The customer learns nothing of who follows: their stream carries the messages only.
    await customer.customer.send({ conversationId, clientId: clientId(), body: 'MARKER' })
    await chat.waitFor((event) => event.type === 'message.created' && event.message.body === 'MARKER')
    expect(chat.data.filter((event) => event.type !== 'message.created')).toEqual([])
    await chat.stop()
    await inbox.stop()
  })

  it('unfollowing takes it out of "My conversations", live, and ends the alerts', async () => {
    const { conversationId, caller: customer } = await billingChat('Where is my refund?')
    await paulCalls.conversation.follow({ conversationId })
    const inbox = await inboxOf(paul)

    const unfollowed = await paulCalls.conversation.unfollow({ conversationId })

    expect(unfollowed.following).toBe(false)
    const pushed = (await inbox.waitFor(updatedAs(conversationId, false))).data as Updated
    // Still in his team's queue, no longer his.
    expect(pushed.sections).toEqual(['team'])
    expect(await mineIds()).not.toContain(conversationId)
    await customer.customer.send({ conversationId, clientId: clientId(), body: 'Any news?' })
    expect((await inbox.waitFor(createdWith('Any news?'))).data).not.toHaveProperty('alert')
    await inbox.stop()
  })

  it('unfollowing one he sees only because he follows it closes it for him', async () => {
    const { conversationId } = await billingChat('Wrong address on the invoice')
    await paulCalls.conversation.follow({ conversationId })
    // Out of his team's queue: following is what still lets him see it.
    await annaCalls.conversation.assignTeam({ conversationId, teamId: salesId })
    expect(await mineIds()).toContain(conversationId)
    const inbox = await inboxOf(paul)

    await paulCalls.conversation.unfollow({ conversationId })

    await inbox.waitFor(
      (event) => event.type === 'conversation.removed' && event.conversationId === conversationId,
    )
    expect((await refusalOf(paulCalls.conversation.get({ id: conversationId }))).code).toBe('NOT_FOUND')
    await inbox.stop()
  })

  it('unfollowing ends a participation too; writing again makes him a participant', async () => {
    const { conversationId } = await billingChat('Invoice 4711')
    await paulCalls.conversation.note({ conversationId, clientId: clientId(), body: 'I know this one' })
    expect(await mineIds()).toContain(conversationId)
    // Taking part is not following.
    expect((await refusalOf(paulCalls.conversation.unfollow({ conversationId }))).domainCode).toBe(
      'ALREADY_IN_STATE',
    )

    await paulCalls.conversation.follow({ conversationId })
    await paulCalls.conversation.unfollow({ conversationId })
    expect(await mineIds()).not.toContain(conversationId)

    await paulCalls.conversation.note({ conversationId, clientId: clientId(), body: 'Back on it' })
    expect(await mineIds()).toContain(conversationId)
    expect((await paulCalls.conversation.get({ id: conversationId })).conversation.following).toBe(false)
  })

  it('following twice, or unfollowing what he does not follow, is refused and changes nothing', async () => {
    const { conversationId } = await billingChat('Double charge')
    await paulCalls.conversation.follow({ conversationId })
    const before = await h.rowCounts()
    expect(await refusalOf(paulCalls.conversation.follow({ conversationId }))).toMatchObject({
      code: 'CONFLICT',
      domainCode: 'ALREADY_IN_STATE',
      message: 'You already follow this conversation.',
    })
    await paulCalls.conversation.unfollow({ conversationId })
    const after = await h.rowCounts()
    expect(await refusalOf(paulCalls.conversation.unfollow({ conversationId }))).toMatchObject({
      code: 'CONFLICT',
      domainCode: 'ALREADY_IN_STATE',
    })
    expect(await h.rowCounts()).toEqual(after)
    expect(after.Event).toBe((before.Event ?? 0) + 1)
  })

  it('is refused to an agent who cannot see it, to a customer, and for garbage, changing nothing', async () => {
    const { conversationId, caller: customer } = await billingChat('Private matter')
    const olga = await h.asAgent(await h.plainAgent('Olga'))
    const before = await h.rowCounts()

    for (const call of [olga.conversation.follow, olga.conversation.unfollow]) {
      expect(await refusalOf(call({ conversationId }))).toMatchObject({
        code: 'NOT_FOUND',
        domainCode: 'NOT_VISIBLE',
      })
      // An id that was never a conversation gets the very same answer.
      expect(await refusalOf(call({ conversationId }))).toEqual(
        await refusalOf(call({ conversationId: crypto.randomUUID() })),
      )
    }
    const asCustomer = customer.conversation.follow as never as (input: unknown) => Promise<unknown>
    expect((await refusalOf(() => asCustomer({ conversationId }))).code).toBe('UNAUTHORIZED')
    for (const call of [paulCalls.conversation.follow, paulCalls.conversation.unfollow]) {
      const loosely = call as never as (input: unknown) => Promise<unknown>
      for (const input of [{}, { conversationId: 'not-an-id' }, { conversationId: 42 }, null, 'x']) {
        expect((await refusalOf(() => loosely(input))).code).toBe('BAD_REQUEST')
      }
    }
    expect(await h.rowCounts()).toEqual(before)
  })
})
