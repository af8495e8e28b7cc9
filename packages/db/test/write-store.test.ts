import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  Agent,
  type Append,
  Contact,
  Conversation,
  ConversationMember,
  EventLog,
  Message,
  type MikroORM,
  WriteStore,
} from '../src/index.ts'
import { databases, freshDatabase } from './databases.ts'

// The write store writes with plain SQL; everything else reads through the entities. They must agree,
// on both databases.

describe.each(databases)('the write store on %s', (kind) => {
  let orm: MikroORM
  let drop: () => Promise<void>
  let ids: { conversation: string; contact: string; agent: string }

  beforeAll(async () => {
    ;({ orm, drop } = await freshDatabase(kind))
    const em = orm.em.fork()
    const contact = em.create(Contact, { name: 'Sally', tokenHash: 'h', blocked: false })
    const agent = em.create(Agent, { email: 'a@example.com', name: 'Anna', passwordHash: 'x', role: 'agent' })
    const conversation = em.create(Conversation, { kind: 'support', status: 'open', contact })
    await em.flush()
    ids = { conversation: conversation.id, contact: contact.id, agent: agent.id }
  })
  afterAll(() => drop())

  const version = async () =>
    (await orm.em.fork().findOneOrFail(Conversation, { id: ids.conversation })).version

  function reply(
    clientId: string,
    at: Date,
    visibility: 'public' | 'internal',
    expectedVersion: number,
  ): Append {
    return {
      message: {
        id: crypto.randomUUID(),
        conversationId: ids.conversation,
        clientId,
        authorKind: 'agent',
        authorAgentId: ids.agent,
        authorContactId: null,
        visibility,
        kind: 'text',
        body: `body ${clientId}`,
        system: null,
        attachments: [],
        createdAt: at,
      },
      preview: `preview ${clientId}`,
      newParticipant: ids.agent,
      events: [{ type: 'message.created', visibility, payload: { clientId } }],
      access: { contactId: ids.contact },
      contactId: ids.contact,
      expectedVersion,
    }
  }

  it('stores a batch that the entities and the event log then read back exactly', async () => {
    const at = new Date('2026-11-26T10:00:00.000Z')
    const store = WriteStore.of(orm)
    const before = await EventLog.of(orm).latestSeq()
    const v = await version()
    const seqs = await store.appendBatch([
      reply('r1', at, 'public', v),
      reply('n1', new Date(at.getTime() + 1), 'internal', v),
    ])
    expect(seqs).toEqual([[before + 1], [before + 2]])

    const em = orm.em.fork()
    const messages = await em.find(
      Message,
      { conversation: ids.conversation },
      { orderBy: { createdAt: 'asc' } },
    )
    expect(messages.map((m) => [m.clientId, m.visibility, m.createdAt.toISOString()])).toEqual([
      ['r1', 'public', '2026-11-26T10:00:00.000Z'],
      ['n1', 'internal', '2026-11-26T10:00:00.001Z'],
    ])
    const conversation = await em.findOneOrFail(Conversation, { id: ids.conversation })
    // The note is the latest message for agents, but the customer's preview still shows the reply.
    expect(conversation.lastPreview).toBe('preview n1')
    expect(conversation.lastPublicPreview).toBe('preview r1')
    expect(conversation.lastAuthorKind).toBe('agent')
    expect(conversation.lastAgentReplyAt?.toISOString()).toBe('2026-11-26T10:00:00.000Z')
    expect(await em.count(ConversationMember, { conversation: ids.conversation, agent: ids.agent })).toBe(1)

    const logged = await EventLog.of(orm).after(before, { kind: 'all' }, 10)
    expect(logged.map((e) => [e.seq, e.visibility, e.payload, e.contactId])).toEqual([
      [before + 1, 'public', { clientId: 'r1' }, ids.contact],
      [before + 2, 'internal', { clientId: 'n1' }, ids.contact],
    ])
    // The customer's stream never carries the note (rule 1).
    const own = await EventLog.of(orm).after(before, { kind: 'contact', contactId: ids.contact }, 10)
    expect(own.map((e) => e.payload)).toEqual([{ clientId: 'r1' }])
  })

  it('finds a stored client id again, so a resend is recognised as a retry', async () => {
    const reads = await WriteStore.of(orm).readForSend({
      conversationIds: [ids.conversation],
      agentIds: [ids.agent],
      contactIds: [ids.contact],
      clientIds: ['r1'],
    })
    expect(reads.sent.get(`${ids.conversation} r1`)).toMatchObject({
      author: { name: 'Anna' },
      body: 'body r1',
    })
    expect(reads.contacts.get(ids.contact)).toMatchObject({ name: 'Sally', blocked: false })
    expect(reads.agents.get(ids.agent)).toMatchObject({ name: 'Anna', role: 'agent', support: false })
    expect(reads.conversations.get(ids.conversation)).toMatchObject({
      status: 'open',
      memberIds: [ids.agent],
      followerIds: [],
    })
  })

  it('stores nothing of a batch when one message repeats a stored client id', async () => {
    const before = await orm.em.fork().count(Message)
    const seq = await EventLog.of(orm).latestSeq()
    const v = await version()
    await expect(
      WriteStore.of(orm).appendBatch([
        reply('new', new Date(), 'public', v),
        reply('r1', new Date(), 'public', v),
      ]),
    ).rejects.toThrow(/unique/i)
    expect(await orm.em.fork().count(Message)).toBe(before)
    expect(await EventLog.of(orm).latestSeq()).toBe(seq)
  })

  it('stores nothing when the conversation changed after the batch was decided', async () => {
    const decidedOn = await version()
    const em = orm.em.fork()
    const conversation = await em.findOneOrFail(Conversation, { id: ids.conversation })
    conversation.status = 'closed'
    await em.flush()
    expect(conversation.version).toBe(decidedOn + 1)

    const before = await orm.em.fork().count(Message)
    expect(await WriteStore.of(orm).appendBatch([reply('late', new Date(), 'public', decidedOn)])).toBeNull()
    expect(await orm.em.fork().count(Message)).toBe(before)
  })
})
