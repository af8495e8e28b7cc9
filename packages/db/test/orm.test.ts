import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  Agent,
  Contact,
  Conversation,
  ConversationMember,
  createOrm,
  type EntityManager,
  ForeignKeyConstraintViolationException,
  Message,
  type MikroORM,
  Organisation,
  ReadMarker,
  UniqueConstraintViolationException,
} from '../src/index.ts'

const opened: MikroORM[] = []
const dirs: string[] = []

function freshDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-db-'))
  dirs.push(dir)
  return dir
}

async function open(dataDir = freshDataDir()): Promise<MikroORM> {
  const orm = await createOrm({ dataDir })
  opened.push(orm)
  return orm
}

afterEach(async () => {
  for (const orm of opened.splice(0)) await orm.close(true)
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

async function tableNames(em: EntityManager): Promise<string[]> {
  const rows = await em
    .getConnection()
    .execute<{ name: string }[]>("select name from sqlite_master where type = 'table' order by name")
  return rows.map((row) => row.name)
}

async function seedConversation(em: EntityManager) {
  const agent = em.create(Agent, {
    email: 'anna@example.com',
    name: 'Anna',
    passwordHash: 'x',
    role: 'admin',
  })
  const contact = em.create(Contact, { name: 'Carl', email: null, tokenHash: crypto.randomUUID() })
  const conversation = em.create(Conversation, { kind: 'support', status: 'open', contact, assignee: agent })
  await em.flush()
  return { agent, contact, conversation }
}

describe('createOrm', () => {
  it('creates the database file and every table on a fresh data directory', async () => {
    const dataDir = freshDataDir()
    const orm = await open(dataDir)

    expect(fs.existsSync(path.join(dataDir, 'parley.sqlite'))).toBe(true)
    expect(await tableNames(orm.em.fork())).toEqual(
      expect.arrayContaining([
        'agent',
        'agent_session',
        'contact',
        'conversation',
        'conversation_member',
        'event',
        'message',
        'organisation',
        'read_marker',
        'team',
        'team_member',
      ]),
    )
    expect(await orm.migrator.getPendingMigrations()).toEqual([])
  })

  it('creates the data directory when it does not exist yet', async () => {
    const dataDir = path.join(freshDataDir(), 'nested', 'data')
    await open(dataDir)
    expect(fs.existsSync(path.join(dataDir, 'parley.sqlite'))).toBe(true)
  })

  it('leaves an up-to-date database untouched when opened again', async () => {
    const dataDir = freshDataDir()
    const first = await open(dataDir)
    const executed = await first.migrator.getExecutedMigrations()
    const tables = await tableNames(first.em.fork())
    await first.close(true)

    const second = await open(dataDir)
    expect(await second.migrator.getExecutedMigrations()).toEqual(executed)
    expect(await tableNames(second.em.fork())).toEqual(tables)
  })

  it('does not rewrite the committed migration snapshot when migrating', async () => {
    const snapshot = path.resolve(import.meta.dirname, '../src/migrations/sqlite/.snapshot-parley.json')
    const before = fs.readFileSync(snapshot, 'utf8')
    await open()
    expect(fs.readFileSync(snapshot, 'utf8')).toBe(before)
  })

  it('opens an in-memory database for quick tests', async () => {
    const orm = await createOrm({ dbPath: ':memory:' })
    opened.push(orm)
    expect(await tableNames(orm.em.fork())).toContain('message')
  })

  it('refuses a database URL it cannot serve instead of silently falling back to SQLite', async () => {
    await expect(createOrm({ databaseUrl: 'mysql://localhost/parley' })).rejects.toThrow(/postgres:\/\/ URL/)
  })

  it('runs SQLite in WAL mode with foreign keys, a short busy timeout (the wait blocks the event loop) and normal sync', async () => {
    const orm = await open()
    const connection = orm.em.getConnection()
    const pragma = async (name: string) =>
      Object.values((await connection.execute(`pragma ${name}`))[0] ?? {})[0]

    expect(await pragma('journal_mode')).toBe('wal')
    expect(await pragma('foreign_keys')).toBe(1)
    expect(await pragma('busy_timeout')).toBe(100)
    expect(await pragma('synchronous')).toBe(1) // NORMAL
  })

  it('refuses to work on the global EntityManager so requests cannot share an identity map', async () => {
    const orm = await open()
    await expect(orm.em.find(Agent, {})).rejects.toThrow(/global EntityManager/)
  })
})

describe('entities', () => {
  it('fills ids, timestamps and defaults when an entity is created', async () => {
    const orm = await open()
    const em = orm.em.fork()
    const organisation = em.create(Organisation, { name: 'Acme' })
    expect(organisation.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(organisation.createdAt).toBeInstanceOf(Date)
    await em.flush()

    const loaded = await orm.em.fork().findOneOrFail(Organisation, organisation.id)
    expect(loaded.videoEnabled).toBe(false)
    expect(loaded.createdAt).toBeInstanceOf(Date)
  })

  it('refuses a second message with the same client id in the same conversation', async () => {
    const orm = await open()
    const { conversation } = await seedConversation(orm.em.fork())
    const message = {
      conversation: conversation.id,
      authorKind: 'customer',
      visibility: 'public',
      kind: 'text',
    } as const

    const em = orm.em.fork()
    em.create(Message, { ...message, body: 'Hello', clientId: 'client-1' })
    await em.flush()

    const retry = orm.em.fork()
    retry.create(Message, { ...message, body: 'Hello again', clientId: 'client-1' })
    await expect(retry.flush()).rejects.toBeInstanceOf(UniqueConstraintViolationException)
  })

  it('accepts the same client id in another conversation, and any number of messages without one', async () => {
    const orm = await open()
    const em = orm.em.fork()
    const { conversation } = await seedConversation(em)
    const other = em.create(Conversation, { kind: 'support', status: 'open' })
    const base = { authorKind: 'system', visibility: 'public', kind: 'system', body: '' } as const
    em.create(Message, { ...base, conversation, clientId: 'client-1' })
    em.create(Message, { ...base, conversation: other, clientId: 'client-1' })
    em.create(Message, { ...base, conversation, system: { type: 'closed' } })
    em.create(Message, { ...base, conversation, system: { type: 'reopened' } })
    await em.flush()

    const stored = await orm.em.fork().find(Message, { conversation }, { orderBy: { createdAt: 'asc' } })
    expect(stored).toHaveLength(3)
    expect(stored.map((m) => m.system?.type ?? null)).toEqual(
      expect.arrayContaining(['closed', 'reopened', null]),
    )
  })

  it('refuses a message for a conversation that does not exist', async () => {
    const orm = await open()
    const em = orm.em.fork()
    em.create(Message, {
      conversation: crypto.randomUUID(),
      authorKind: 'system',
      visibility: 'public',
      kind: 'text',
      body: 'orphan',
    })
    await expect(em.flush()).rejects.toBeInstanceOf(ForeignKeyConstraintViolationException)
  })

  it('refuses two conversations with the same ticket number', async () => {
    const orm = await open()
    const em = orm.em.fork()
    const ticket = { kind: 'support', status: 'open', ticketTitle: 'Refund', ticketType: 'ticket' } as const
    em.create(Conversation, { ...ticket, ticketNumber: 1, ticketPriority: 'normal' })
    em.create(Conversation, { kind: 'support', status: 'open' })
    em.create(Conversation, { kind: 'support', status: 'open' })
    await em.flush()

    const again = orm.em.fork()
    again.create(Conversation, { ...ticket, ticketNumber: 1, ticketPriority: 'high' })
    await expect(again.flush()).rejects.toBeInstanceOf(UniqueConstraintViolationException)
  })

  it('keys conversation members by conversation and agent together', async () => {
    const orm = await open()
    const em = orm.em.fork()
    const { agent, conversation } = await seedConversation(em)
    const bob = em.create(Agent, { email: 'bob@example.com', name: 'Bob', passwordHash: 'x', role: 'agent' })
    em.create(ConversationMember, { conversation, agent, role: 'participant' })
    em.create(ConversationMember, { conversation, agent: bob, role: 'follower' })
    await em.flush()

    const found = await orm.em
      .fork()
      .findOneOrFail(ConversationMember, { conversation: conversation.id, agent: bob.id })
    expect(found.role).toBe('follower')
    expect(await orm.em.fork().count(ConversationMember, { conversation })).toBe(2)

    const duplicate = orm.em.fork()
    duplicate.create(ConversationMember, { conversation: conversation.id, agent: agent.id, role: 'follower' })
    await expect(duplicate.flush()).rejects.toBeInstanceOf(UniqueConstraintViolationException)
  })

  it('moves a read marker forward in place with upsert', async () => {
    const orm = await open()
    const { agent, conversation } = await seedConversation(orm.em.fork())
    const earlier = new Date('2025-01-01T10:00:00Z')
    const later = new Date('2025-01-01T11:00:00Z')

    await orm.em
      .fork()
      .upsert(ReadMarker, { conversation: conversation.id, agent: agent.id, readAt: earlier })
    await orm.em.fork().upsert(ReadMarker, { conversation: conversation.id, agent: agent.id, readAt: later })

    const markers = await orm.em.fork().find(ReadMarker, { agent: agent.id })
    expect(markers).toHaveLength(1)
    expect(markers[0]?.readAt).toEqual(later)
  })

  it('loads related rows when asked to populate them', async () => {
    const orm = await open()
    const em = orm.em.fork()
    const { conversation } = await seedConversation(em)
    const followUp = em.create(Conversation, { kind: 'support', status: 'open', linkedTicket: conversation })
    em.create(Message, {
      conversation: followUp,
      authorKind: 'agent',
      authorAgent: conversation.assignee,
      visibility: 'internal',
      kind: 'text',
      body: 'See the original ticket',
      clientId: 'c-1',
    })
    await em.flush()

    const loaded = await orm.em
      .fork()
      .findOneOrFail(
        Message,
        { clientId: 'c-1' },
        { populate: ['authorAgent', 'conversation.linkedTicket.contact'] },
      )
    expect(loaded.authorAgent?.name).toBe('Anna')
    expect(loaded.conversation.linkedTicket?.id).toBe(conversation.id)
    expect(loaded.conversation.linkedTicket?.contact?.name).toBe('Carl')

    const list = await orm.em
      .fork()
      .find(Conversation, { assignee: { email: 'anna@example.com' } }, { populate: ['assignee', 'contact'] })
    expect(list.map((c) => [c.assignee?.name, c.contact?.name])).toEqual([['Anna', 'Carl']])
  })
})
