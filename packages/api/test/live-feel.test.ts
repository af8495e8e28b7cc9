import { Event } from '@parley/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboxEvent } from '../src/routers/conversation.router.ts'
import type { CustomerEvent } from '../src/routers/customer.router.ts'
import { type Caller, createHarness, type Harness, type TestAgent } from './harness.ts'

// Issue 10, part 2: the chat feels live both ways. Each side sees how far the other has read ("Seen"),
// live; an agent typing a note is never shown to the customer.

let h: Harness
let anna: TestAgent
let ben: TestAgent
let annaCalls: Caller

beforeAll(async () => {
  h = await createHarness()
  anna = await h.admin('Anna')
  ben = await h.supportAgent('Ben')
  annaCalls = await h.asAgent(anna)
})
afterAll(() => h.close())

const clientId = () => crypto.randomUUID()

type Updated = Extract<CustomerEvent, { type: 'conversation.updated' }>
const seenUpTo = (at: Date) => (event: CustomerEvent) =>
  event.type === 'conversation.updated' && event.conversation.seenByTeamUpTo?.getTime() === at.getTime()
const readReceipts = (conversationId: string) => h.count(Event, { conversationId, type: 'conversation.read' })

/** A customer's chat taken by Anna, with the customer's own stream from its first load on. */
async function chatWithStream(body: string) {
  const started = await h.customerWithConversation(body)
  await annaCalls.conversation.assignToMe({ conversationId: started.conversationId })
  const detail = await started.caller.customer.conversation({ id: started.conversationId })
  const stream = await h.subscribe<CustomerEvent>({ visitorToken: started.token }, (c) =>
    c.customer.onEvents({ lastEventId: detail.lastEventId }),
  )
  await h.untilFollowed({ kind: 'contact', contactId: started.contactId }, 1)
  const first = detail.messages.find((message) => message.authorKind === 'customer')!
  return { ...started, detail, stream, first }
}

describe('"Seen" on the customer\'s messages', () => {
  it('shows once an agent has read them, live, without naming the agent', async () => {
    const { conversationId, caller, detail, stream, first } = await chatWithStream('Is my order on its way?')
    expect(detail.conversation.seenByTeamUpTo).toBeNull()

    // Ben, not the assignee whose name the customer knows anyway.
    await (await h.asAgent(ben)).conversation.markRead({ conversationId })

    const update = await stream.waitFor(seenUpTo(first.createdAt))
    const sent = JSON.stringify((update.data as Updated).conversation)
    expect(sent).not.toContain(ben.id)
    expect(sent).not.toContain('Ben')
    const { conversation } = await caller.customer.conversation({ id: conversationId })
    expect(conversation.seenByTeamUpTo).toEqual(first.createdAt)
    expect((await caller.customer.conversations()).find((c) => c.id === conversationId)).toMatchObject({
      seenByTeamUpTo: first.createdAt,
    })
  })

  it('reading again, or reading after a note, tells the customer nothing more and nothing of the note', async () => {
    const { conversationId, caller, stream, first } = await chatWithStream('Where is my parcel?')
    await annaCalls.conversation.markRead({ conversationId })
    await stream.waitFor(seenUpTo(first.createdAt))
    const before = stream.items.length

    const note = await annaCalls.conversation.note({
      conversationId,
      clientId: clientId(),
      body: 'SECRET: courier lost it',
    })
    await annaCalls.conversation.markRead({ conversationId })
    await (await h.asAgent(ben)).conversation.markRead({ conversationId })
    // A reply after the reads: by the time it arrives, anything the reads had sent would have too.
    await annaCalls.conversation.reply({ conversationId, clientId: clientId(), body: 'Checking now' })
    await stream.waitFor((e) => e.type === 'message.created' && e.message.body === 'Checking now')

    expect(stream.data.slice(before).map((e) => e.type)).toEqual(['message.created'])
    expect(await readReceipts(conversationId)).toBe(1)
    const { conversation } = await caller.customer.conversation({ id: conversationId })
    // How far, never when: a read time right after the note would tell of it.
    expect(conversation.seenByTeamUpTo).toEqual(first.createdAt)
    const everything = JSON.stringify(stream.items)
    expect(everything).not.toContain('SECRET')
    expect(everything).not.toContain(note.createdAt.toISOString())
  })

  it("an agent reading a thread that ends in a note still marks the customer's newer message seen", async () => {
    const { conversationId, caller, stream } = await chatWithStream('Hello?')
    const second = await caller.customer.send({ conversationId, clientId: clientId(), body: 'Anyone there?' })
    const note = await annaCalls.conversation.note({
      conversationId,
      clientId: clientId(),
      body: 'SECRET: VIP',
    })

    await annaCalls.conversation.markRead({ conversationId })

    await stream.waitFor(seenUpTo(second.createdAt))
    const everything = JSON.stringify(stream.items)
    expect(everything).not.toContain('SECRET')
    expect(everything).not.toContain(note.createdAt.toISOString())
  })

  it("goes only to that conversation's customer", async () => {
    const carla = await chatWithStream('First customer here')
    const olga = await chatWithStream('Second customer here')

    await annaCalls.conversation.markRead({ conversationId: carla.conversationId })
    await carla.stream.waitFor(seenUpTo(carla.first.createdAt))
    // Olga's own read receipt comes after Carla's: her stream has had every chance to get Carla's.
    await annaCalls.conversation.markRead({ conversationId: olga.conversationId })
    await olga.stream.waitFor(seenUpTo(olga.first.createdAt))

    const olgaHeardOf = new Set(
      olga.stream.data.map((e) => (e.type === 'conversation.updated' ? e.conversation.id : e.conversationId)),
    )
    expect([...olgaHeardOf]).toEqual([olga.conversationId])
  })
})

describe('"Seen by the customer" on agent replies', () => {
  it("shows on the agent's open thread once the customer has read the reply, live", async () => {
    const { conversationId, caller } = await chatWithStream('Can I change my address?')
    const reply = await annaCalls.conversation.reply({ conversationId, clientId: clientId(), body: 'Yes' })
    const detail = await annaCalls.conversation.get({ id: conversationId })
    expect(detail.conversation.seenByCustomerAt).toBeNull()
    const thread = await h.subscribe<InboxEvent>(await h.sessionOf(anna), (c) =>
      c.conversation.onThread({ conversationId, lastEventId: detail.lastEventId }),
    )
    await h.untilFollowed({ kind: 'conversation', conversationId }, 1)

    await caller.customer.markRead({ conversationId })

    const update = await thread.waitFor(
      (e) =>
        e.type === 'conversation.updated' &&
        e.conversation.seenByCustomerAt !== null &&
        e.conversation.seenByCustomerAt >= reply.createdAt,
    )
    expect(update.data).toMatchObject({ conversation: { id: conversationId } })
    const { conversation } = await annaCalls.conversation.get({ id: conversationId })
    expect(conversation.seenByCustomerAt!.getTime()).toBeGreaterThanOrEqual(reply.createdAt.getTime())
  })

  it("is news for the open thread only, once per reply, and never reaches the customer's own stream", async () => {
    const { conversationId, caller, stream } = await chatWithStream('Do you ship abroad?')
    await annaCalls.conversation.reply({ conversationId, clientId: clientId(), body: 'We do' })
    const detail = await annaCalls.conversation.get({ id: conversationId })
    const thread = await h.subscribe<InboxEvent>(await h.sessionOf(anna), (c) =>
      c.conversation.onThread({ conversationId, lastEventId: detail.lastEventId }),
    )
    const inbox = await h.subscribe<InboxEvent>(await h.sessionOf(ben), (c) =>
      c.conversation.onInbox({ lastEventId: detail.lastEventId }),
    )
    await h.untilFollowed({ kind: 'conversation', conversationId }, 1)
    await h.untilFollowed({ kind: 'all' }, 1)
    const customerBefore = stream.items.length

    await caller.customer.markRead({ conversationId })
    await caller.customer.markRead({ conversationId })
    await thread.waitFor((e) => e.type === 'conversation.updated' && e.conversation.seenByCustomerAt !== null)
    // A message after the reads, as the end of what they could have brought.
    await caller.customer.send({ conversationId, clientId: clientId(), body: 'Great, thanks' })
    await inbox.waitFor((e) => e.type === 'message.created' && e.message.body === 'Great, thanks')
    await stream.waitFor((e) => e.type === 'message.created' && e.message.body === 'Great, thanks')

    expect(await readReceipts(conversationId)).toBe(1)
    expect(inbox.data.map((e) => e.type)).toEqual(['message.created'])
    expect(stream.data.slice(customerBefore).map((e) => e.type)).toEqual(['message.created'])
  })
})

describe('typing indicators', () => {
  it('an agent typing an internal note never produces a typing event for the customer; a reply does', async () => {
    const { token, conversationId } = await chatWithStream('Hello there')
    const bens = await h.asAgent(ben)
    const typing = await h.subscribe<{ conversationId: string; name: string }>(
      { visitorToken: token },
      (c) => c.customer.onTyping({ conversationId }),
      { listensOn: `typing:${conversationId}` },
    )

    await annaCalls.conversation.typing({ conversationId, visibility: 'internal' })
    await annaCalls.conversation.typing({ conversationId, visibility: 'public' })
    await annaCalls.conversation.typing({ conversationId, visibility: 'internal' })
    // Ben's reply-typing last: signals of one conversation arrive in order, so once his is here, every
    // signal before it has been decided on.
    await bens.conversation.typing({ conversationId, visibility: 'public' })
    await typing.waitFor((event) => event.name === 'Ben')

    expect(typing.data).toEqual([
      { conversationId, name: 'Anna' },
      { conversationId, name: 'Ben' },
    ])
    expect(JSON.stringify(typing.items)).not.toContain('internal')
  })
})
