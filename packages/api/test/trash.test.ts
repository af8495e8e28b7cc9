import { Message } from '@parley/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboxEvent } from '../src/routers/conversation.router.ts'
import type { CustomerEvent } from '../src/routers/customer.router.ts'
import { createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// Rule 5: "Delete conversation" moves a whole conversation to Trash. Nothing is deleted; it is invisible
// to the customer and to every list and search until an admin restores it, with all its messages.

let h: Harness
let admin: TestAgent
let ben: TestAgent

beforeAll(async () => {
  h = await createHarness()
  admin = await h.admin('Anna')
  ben = await h.supportAgent('Ben')
})
afterAll(() => h.close())

const openCustomers = { section: 'customers', status: 'open' } as const

describe('moving a conversation to Trash', () => {
  it('takes it out of every list, search and customer view, live, and deletes no message', async () => {
    const {
      caller: customer,
      token,
      conversationId,
    } = await h.customerWithConversation('My parcel is lost', 'Petra')
    const benCaller = await h.asAgent(ben)
    await benCaller.conversation.assignToMe({ conversationId })
    await benCaller.conversation.reply({
      conversationId,
      clientId: crypto.randomUUID(),
      body: 'Looking into it',
    })
    await benCaller.conversation.note({
      conversationId,
      clientId: crypto.randomUUID(),
      body: 'Spam, I think',
    })
    const messages = await h.count(Message, { conversation: conversationId })

    const { lastEventId } = await customer.customer.conversation({ id: conversationId })
    const chat = await h.subscribe<CustomerEvent>({ visitorToken: token }, (c) =>
      c.customer.onEvents({ lastEventId }),
    )
    const inbox = await h.subscribe<InboxEvent>(await h.sessionOf(ben), (c) =>
      c.conversation.onInbox({ lastEventId: null }),
    )
    await h.untilFollowed({ kind: 'all' }, 1)

    await benCaller.conversation.trash({ conversationId })

    // Those who had it on screen hear that it is gone.
    await chat.waitFor(
      (event) => event.type === 'conversation.removed' && event.conversationId === conversationId,
    )
    await inbox.waitFor(
      (event) => event.type === 'conversation.removed' && event.conversationId === conversationId,
    )
    // The customer never hears why, nor sees the team's bookkeeping.
    expect(JSON.stringify(chat.data)).not.toContain('trashed')

    for (const search of [undefined, 'parcel', 'Petra']) {
      const listed = await benCaller.conversation.list({ ...openCustomers, search })
      expect(listed.map((row) => row.id)).not.toContain(conversationId)
      const adminListed = await (await h.asAgent(admin)).conversation.list({ ...openCustomers, search })
      expect(adminListed.map((row) => row.id)).not.toContain(conversationId)
    }
    expect(
      (await benCaller.conversation.list({ section: 'mine', status: 'open' })).map((row) => row.id),
    ).not.toContain(conversationId)
    expect((await customer.customer.conversations()).map((row) => row.id)).not.toContain(conversationId)
    expect((await refusalOf(customer.customer.conversation({ id: conversationId }))).code).toBe('NOT_FOUND')
    expect(
      (
        await refusalOf(
          customer.customer.send({ conversationId, clientId: crypto.randomUUID(), body: 'Hello?' }),
        )
      ).code,
    ).toBe('NOT_FOUND')
    // Its agent no longer opens it either: only admins see Trash.
    expect((await refusalOf(benCaller.conversation.get({ id: conversationId }))).code).toBe('NOT_FOUND')
    expect(await h.count(Message, { conversation: conversationId })).toBe(messages + 1)
    await chat.stop()
    await inbox.stop()
  })

  it('admins see Trash; nobody else does, and nobody else restores', async () => {
    const { caller: customer, conversationId } = await h.customerWithConversation('Please ignore')
    await (await h.asAgent(ben)).conversation.trash({ conversationId })
    const trashList = await (await h.asAgent(admin)).conversation.trashList()
    expect(trashList[0]).toMatchObject({ id: conversationId, trashedAt: expect.any(Date) })

    const benCaller = await h.asAgent(ben)
    expect(await refusalOf(benCaller.conversation.trashList())).toMatchObject({
      code: 'FORBIDDEN',
      domainCode: 'ADMIN_ONLY',
    })
    // Restoring is for admins, whatever the conversation.
    expect((await refusalOf(benCaller.conversation.restore({ conversationId }))).code).toBe('FORBIDDEN')
    expect((await refusalOf(customer.conversation.trash({ conversationId }))).code).toBe('UNAUTHORIZED')
    expect((await refusalOf(customer.conversation.restore({ conversationId }))).code).toBe('UNAUTHORIZED')
    // Twice into Trash is a clear no, for the admin who sees it there.
    expect(await refusalOf((await h.asAgent(admin)).conversation.trash({ conversationId }))).toMatchObject({
      domainCode: 'ALREADY_IN_STATE',
    })
  })

  it('takes no reply while in Trash, even from its assignee; restored, it is back with all its messages', async () => {
    const { caller: customer, token, conversationId } = await h.customerWithConversation('Back soon?')
    const anna = await h.asAgent(admin)
    await anna.conversation.assignToMe({ conversationId })
    await anna.conversation.reply({ conversationId, clientId: crypto.randomUUID(), body: 'Yes!' })
    await anna.conversation.trash({ conversationId })
    expect(
      await refusalOf(
        anna.conversation.reply({ conversationId, clientId: crypto.randomUUID(), body: 'Hidden' }),
      ),
    ).toMatchObject({ code: 'CONFLICT', domainCode: 'IN_TRASH' })

    const chat = await h.subscribe<CustomerEvent>({ visitorToken: token }, (c) => c.customer.onEvents({}))
    await anna.conversation.restore({ conversationId })
    await chat.waitFor(
      (event) => event.type === 'conversation.updated' && event.conversation.id === conversationId,
    )
    const { messages } = await customer.customer.conversation({ id: conversationId })
    expect(messages.filter((message) => message.kind === 'text').map((message) => message.body)).toEqual([
      'Back soon?',
      'Yes!',
    ])
    expect((await anna.conversation.list(openCustomers)).map((row) => row.id)).toContain(conversationId)
    const thread = await anna.conversation.get({ id: conversationId })
    expect(thread.messages.map((message) => message.system?.type).filter(Boolean)).toEqual([
      'assigned',
      'trashed',
      'restored',
    ])
    await chat.stop()
  })

  it('a customer who reconnects after the fact replays to the same state a fresh read gives', async () => {
    const { caller: customer, token, conversationId } = await h.customerWithConversation('Replay me')
    const { lastEventId } = await customer.customer.conversation({ id: conversationId })
    await (await h.asAgent(ben)).conversation.trash({ conversationId })
    const replay = await h.subscribe<CustomerEvent>({ visitorToken: token }, (c) =>
      c.customer.onEvents({ lastEventId }),
    )
    await replay.waitFor((event) => event.type === 'conversation.removed')
    // Applying the replay to the stale list (which had it) gives what a fresh list says (which has not).
    const stale = new Set([conversationId])
    for (const event of replay.data)
      if (event.type === 'conversation.removed') stale.delete(event.conversationId)
    const fresh = new Set((await customer.customer.conversations()).map((row) => row.id))
    expect(stale.has(conversationId)).toBe(fresh.has(conversationId))
    await replay.stop()
  })
})
