import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  Agent,
  type AppendedMessage,
  Contact,
  Conversation,
  ConversationMember,
  createOrm,
  Event,
  Message,
  MessageStore,
  type MikroORM,
} from '../src/index.ts'

// The send path writes with plain SQL; everything else reads through the entities. They must agree.

let orm: MikroORM
let dir: string
let ids: { conversation: string; contact: string; agent: string }

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-store-'))
  orm = await createOrm({ dataDir: dir })
  const em = orm.em.fork()
  const contact = em.create(Contact, { name: 'Sally', tokenHash: 'h', blocked: false })
  const agent = em.create(Agent, { email: 'a@example.com', name: 'Anna', passwordHash: 'x', role: 'agent' })
  const conversation = em.create(Conversation, { kind: 'support', status: 'open', contact })
  await em.flush()
  ids = { conversation: conversation.id, contact: contact.id, agent: agent.id }
})
afterAll(async () => {
  await orm.close(true)
  fs.rmSync(dir, { recursive: true, force: true })
})

function reply(clientId: string, at: Date, visibility: 'public' | 'internal'): AppendedMessage {
  return {
    message: {
      id: crypto.randomUUID(),
      conversationId: ids.conversation,
      clientId,
      authorKind: 'agent',
      author: { id: ids.agent, name: 'Anna' },
      visibility,
      kind: 'text',
      body: `body ${clientId}`,
      system: null,
      createdAt: at,
    },
    event: { type: 'message.created', visibility, payload: { clientId } },
    preview: `preview ${clientId}`,
    newParticipant: ids.agent,
  }
}

describe('the message store', () => {
  it('stores a batch that the entities then read back exactly', async () => {
    const at = new Date('2026-11-26T10:00:00.000Z')
    const store = new MessageStore(orm)
    const { seqs, reads } = await store.appendBatch(
      { conversationIds: [ids.conversation], agentIds: [ids.agent], contactIds: [], clientIds: ['r1', 'n1'] },
      () => [reply('r1', at, 'public'), reply('n1', new Date(at.getTime() + 1), 'internal')],
    )

    expect(reads.conversations.get(ids.conversation)?.status).toBe('open')
    expect(reads.agents.get(ids.agent)).toMatchObject({ name: 'Anna', role: 'agent', support: false })
    expect(seqs).toHaveLength(2)
    expect(seqs[1]).toBeGreaterThan(seqs[0]!)

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
    const events = await em.find(Event, { seq: { $in: seqs } }, { orderBy: { seq: 'asc' } })
    expect(events.map((e) => [e.visibility, e.payload])).toEqual([
      ['public', { clientId: 'r1' }],
      ['internal', { clientId: 'n1' }],
    ])
  })

  it('finds a stored client id again, so a resend is recognised as a retry', async () => {
    const store = new MessageStore(orm)
    const { reads } = await store.appendBatch(
      { conversationIds: [ids.conversation], agentIds: [], contactIds: [ids.contact], clientIds: ['r1'] },
      () => [],
    )
    expect(reads.sent.get(`${ids.conversation} r1`)).toMatchObject({
      author: { name: 'Anna' },
      body: 'body r1',
    })
    expect(reads.contacts.get(ids.contact)).toMatchObject({ name: 'Sally', blocked: false })
  })

  it('stores nothing of a batch when one message repeats a stored client id', async () => {
    const store = new MessageStore(orm)
    const before = await orm.em.fork().count(Message)
    await expect(
      store.appendBatch(
        { conversationIds: [ids.conversation], agentIds: [], contactIds: [], clientIds: ['new', 'r1'] },
        () => [reply('new', new Date(), 'public'), reply('r1', new Date(), 'public')],
      ),
    ).rejects.toThrow(/UNIQUE/)
    expect(await orm.em.fork().count(Message)).toBe(before)
  })
})
