import { Conversation, ConversationMember, Message } from '@parley/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboxEvent } from '../src/index.ts'
import { type Caller, createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// Rule 8 from outside (issue 9, part 5): conversations between agents. Only participants see them, by
// id, in lists or by subscription; not even an admin who is not one; a customer can never be added.

let h: Harness
let anna: TestAgent
let ben: TestAgent
let paul: TestAgent
let admin: TestAgent
const calls = {} as Record<'anna' | 'ben' | 'paul' | 'admin', Caller>

beforeAll(async () => {
  h = await createHarness()
  anna = await h.supportAgent('Anna')
  ben = await h.plainAgent('Ben')
  paul = await h.plainAgent('Paul')
  admin = await h.admin('Ada')
  for (const [name, agent] of Object.entries({ anna, ben, paul, admin }))
    calls[name as keyof typeof calls] = await h.asAgent(agent)
})
afterAll(() => h.close())

const clientId = () => crypto.randomUUID()
const agentsOnly = (...agents: TestAgent[]) =>
  agents.map((agent) => ({ kind: 'agent' as const, id: agent.id }))

describe('conversations between agents (rule 8)', () => {
  it('reach the participants live in "Internal", with an unread count; the starter and the recipient talk', async () => {
    const bensInbox = await h.subscribe<InboxEvent>(await h.sessionOf(ben), (c) => c.conversation.onInbox({}))
    await h.untilFollowed({ kind: 'all' }, 1)
    const started = await calls.anna.internal.start({
      participants: agentsOnly(ben),
      subject: 'Refund policy',
      clientId: clientId(),
      body: 'Can we refund after 30 days?',
    })
    expect(started).toMatchObject({ kind: 'internal', subject: 'Refund policy', replyRefusal: null })
    const pushed = await bensInbox.waitFor(
      (e) => e.type === 'message.created' && e.conversationId === started.id,
    )
    expect(pushed.data).toMatchObject({ row: { sections: ['internal'], unreadAdded: true } })

    const bensInternal = await calls.ben.conversation.list({ section: 'internal', status: 'open' })
    expect(bensInternal.map((row) => [row.id, row.unread])).toEqual([[started.id, 1]])
    // Kept apart from customers' conversations.
    expect((await calls.ben.conversation.list({ section: 'mine', status: 'open' })).map((r) => r.id)).toEqual(
      [],
    )
    await calls.ben.conversation.reply({
      conversationId: started.id,
      clientId: clientId(),
      body: 'Yes, once.',
    })
    const { messages, participants } = await calls.anna.conversation.get({ id: started.id })
    expect(messages.map((m) => m.body)).toEqual(['Can we refund after 30 days?', 'Yes, once.'])
    expect(participants.map((p) => p.name)).toEqual(['Anna', 'Ben'])
  })

  it('are hidden from everyone else, an admin included: by id, in lists, by subscription', async () => {
    const { id } = await calls.anna.internal.start({
      participants: agentsOnly(ben),
      clientId: clientId(),
      body: 'Between us',
    })
    for (const [outsider, who] of [
      [calls.admin, admin],
      [calls.paul, paul],
    ] as const) {
      expect((await refusalOf(outsider.conversation.get({ id }))).code).toBe('NOT_FOUND')
      expect(
        (
          await refusalOf(
            outsider.conversation.note({ conversationId: id, clientId: clientId(), body: 'hi' }),
          )
        ).code,
      ).toBe('NOT_FOUND')
      for (const section of ['customers', 'mine', 'team', 'internal'] as const) {
        const listed = await outsider.conversation.list({ section, status: 'open' })
        expect(listed.map((row) => row.id)).not.toContain(id)
      }
      const thread = await h.subscribe(await h.sessionOf(who), (c) =>
        c.conversation.onThread({ conversationId: id }),
      )
      await expect(thread.waitFor(() => true)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    }
    // The admin's inbox stream carries nothing of it, while Ben's does.
    const adminsInbox = await h.subscribe<InboxEvent>(await h.sessionOf(admin), (c) =>
      c.conversation.onInbox({}),
    )
    const bensThread = await h.subscribe<InboxEvent>(await h.sessionOf(ben), (c) =>
      c.conversation.onThread({ conversationId: id }),
    )
    await calls.anna.conversation.reply({ conversationId: id, clientId: clientId(), body: 'Secret plan' })
    await bensThread.waitFor((e) => e.type === 'message.created' && e.message.body === 'Secret plan')
    expect(JSON.stringify(adminsInbox.data)).not.toContain(id)
  })

  it('never take a customer: starting with one or adding one is refused, and nothing is written', async () => {
    const { id } = await calls.anna.internal.start({
      participants: agentsOnly(ben),
      clientId: clientId(),
      body: 'Agents only',
    })
    const { contactId } = await h.customer('Carla')
    const before = await h.rowCounts()
    const withCustomer = await refusalOf(
      calls.anna.internal.start({
        participants: [...agentsOnly(ben), { kind: 'customer', id: contactId }],
        clientId: clientId(),
        body: 'Hello Carla',
      }),
    )
    expect(withCustomer).toMatchObject({
      domainCode: 'INTERNAL_CONVERSATION',
      message: 'Customers cannot join internal conversations.',
    })
    const added = await refusalOf(
      calls.anna.internal.addParticipant({
        conversationId: id,
        participant: { kind: 'customer', id: contactId },
      }),
    )
    expect(added.domainCode).toBe('INTERNAL_CONVERSATION')
    expect(await h.rowCounts()).toEqual(before)
    const members = await h.em().find(ConversationMember, { conversation: id })
    expect(members.map((member) => member.agent.id).sort()).toEqual([anna.id, ben.id].sort())
  })

  it('take a colleague in, who then sees the whole conversation; only participants may ask one in', async () => {
    const { id } = await calls.anna.internal.start({
      participants: agentsOnly(ben),
      clientId: clientId(),
      body: 'Shall we ask Paul?',
    })
    expect(
      (
        await refusalOf(
          calls.admin.internal.addParticipant({
            conversationId: id,
            participant: { kind: 'agent', id: admin.id },
          }),
        )
      ).code,
    ).toBe('NOT_FOUND')
    await calls.ben.internal.addParticipant({
      conversationId: id,
      participant: { kind: 'agent', id: paul.id },
    })
    const seen = await calls.paul.conversation.get({ id })
    expect(seen.messages.map((m) => m.body || m.system?.type)).toEqual([
      'Shall we ask Paul?',
      'participant_added',
    ])
    expect(
      (
        await refusalOf(
          calls.ben.internal.addParticipant({
            conversationId: id,
            participant: { kind: 'agent', id: paul.id },
          }),
        )
      ).message,
    ).toBe('Paul is already in this conversation.')
  })

  it('refuses to start one alone, with unknown agents, or from garbage', async () => {
    const before = await h.count(Conversation)
    const start = calls.anna.internal.start as never as (input: unknown) => Promise<unknown>
    expect(
      (
        await refusalOf(
          calls.anna.internal.start({ participants: agentsOnly(anna), clientId: clientId(), body: 'Me?' }),
        )
      ).message,
    ).toBe('Choose at least one colleague to talk to.')
    expect(
      (
        await refusalOf(
          calls.anna.internal.start({
            participants: [{ kind: 'agent', id: crypto.randomUUID() }],
            clientId: clientId(),
            body: 'Anyone?',
          }),
        )
      ).message,
    ).toBe('No such agent.')
    for (const input of [
      {},
      { participants: [], clientId: clientId(), body: 'x' },
      { participants: [{ kind: 'robot', id: ben.id }], clientId: clientId(), body: 'x' },
      { participants: agentsOnly(ben), clientId: clientId(), body: 'x'.repeat(100_000) },
    ]) {
      expect((await refusalOf(start(input))).code).toBe('BAD_REQUEST')
    }
    expect(await h.count(Conversation)).toBe(before)
    expect(await h.count(Message, { body: 'Me?' })).toBe(0)
  })
})
