import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { MikroORM } from '@mikro-orm/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEARCH_DRIVE_LIMIT, searchTermsOf } from '../src/conversation-search.ts'
import {
  Contact,
  Conversation,
  createOrm,
  type EntityManager,
  InboxReadModel,
  Message,
  type MikroORM as ParleyOrm,
} from '../src/index.ts'
import { migrationsList } from '../src/migrations/sqlite/index.ts'
import { config, migrate } from '../src/orm.ts'
import { databases, freshDatabase } from './databases.ts'

// The inbox search on the database itself: what the triggers index, whoever writes, and what a search finds.

const agentId = crypto.randomUUID()

function chat(em: EntityManager, contact: { name?: string; email?: string }, at: Date) {
  const customer = em.create(Contact, { ...contact, tokenHash: crypto.randomUUID() })
  return em.create(Conversation, {
    kind: 'support',
    status: 'open',
    contact: customer,
    lastMessageAt: at,
    createdAt: at,
  })
}

function message(
  em: EntityManager,
  conversation: Conversation,
  body: string,
  options: { visibility?: 'public' | 'internal'; kind?: 'text' | 'system' } = {},
) {
  return em.create(Message, {
    conversation,
    authorKind: options.kind === 'system' ? 'system' : 'customer',
    visibility: options.visibility ?? 'public',
    kind: options.kind ?? 'text',
    body,
  })
}

describe('searchTermsOf', () => {
  it('keeps letters and digits only, lower-cased, each word once', () => {
    expect(searchTermsOf('"Anna" AND (anna@Example.com) OR -refund* 😀')).toEqual([
      'anna',
      'and',
      'example',
      'com',
      'or',
      'refund',
    ])
    expect(searchTermsOf('" * - ( ) 😀 %')).toEqual([])
    expect(searchTermsOf('Größe')).toEqual(['größe'])
  })
})

describe.each(databases)('the inbox search on %s', (kind) => {
  let orm: ParleyOrm
  let drop: () => Promise<void>
  const ids: Record<string, string> = {}
  const search = async (text: string, status: 'open' | 'closed' = 'open') =>
    (
      await InboxReadModel.of(orm).inbox({
        agentId,
        section: 'customers',
        status,
        search: text,
        limit: 100,
      })
    ).map((row) => row.id)

  beforeAll(async () => {
    ;({ orm, drop } = await freshDatabase(kind))
    const em = orm.em.fork()
    const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 9, minute))
    const anna = chat(em, { name: 'Anna Schmidt', email: 'anna@example.com' }, at(1))
    message(em, anna, 'My refund for the Größe M jacket has not arrived')
    message(em, anna, 'VIP customer, handle with care', { visibility: 'internal' })
    message(em, anna, 'Anna joined the conversation', { kind: 'system' })
    const bert = chat(em, { name: 'Bert Bauer', email: 'bert@firma.de' }, at(2))
    message(em, bert, 'Meine Lieferung ist beschädigt angekommen')
    const titled = chat(em, {}, at(3))
    titled.subject = 'Invoice question'
    message(em, titled, 'hello')
    await em.flush()
    Object.assign(ids, { anna: anna.id, bert: bert.id, titled: titled.id })
  })
  afterAll(() => drop())

  it('finds message text, notes included, with the last word as a prefix and every word required', async () => {
    expect(await search('refund')).toEqual([ids.anna])
    expect(await search('REFU')).toEqual([ids.anna])
    expect(await search('vip care')).toEqual([ids.anna])
    expect(await search('refund lieferung')).toEqual([])
    expect(await search('lieferung')).toEqual([ids.bert])
    expect(await search('größe')).toEqual([ids.anna])
  })

  it('finds contacts by name and by email, whole or in part, and follows their changes', async () => {
    expect(await search('Schmidt')).toEqual([ids.anna])
    expect(await search('anna@example.com')).toEqual([ids.anna])
    expect(await search('anna@exa')).toEqual([ids.anna])
    expect(await search('firma.de')).toEqual([ids.bert])
    const em = orm.em.fork()
    const conversation = await em.findOneOrFail(Conversation, { id: ids.bert }, { populate: ['contact'] })
    conversation.contact!.name = 'Berta Baumann'
    await em.flush()
    expect(await search('bauer')).toEqual([])
    expect(await search('baumann')).toEqual([ids.bert])
    expect(await search('bert@firma')).toEqual([ids.bert])
  })

  it('finds subjects and ticket titles, as they are now', async () => {
    expect(await search('invoice')).toEqual([ids.titled])
    const em = orm.em.fork()
    const conversation = await em.findOneOrFail(Conversation, { id: ids.titled })
    conversation.ticketTitle = 'Double charge'
    conversation.subject = null
    await em.flush()
    expect(await search('invoice')).toEqual([])
    expect(await search('double charge')).toEqual([ids.titled])
  })

  it('does not find the text of system messages', async () => {
    expect(await search('joined')).toEqual([])
  })

  it('answers any input with results or none, never an error', async () => {
    for (const garbage of [
      '"',
      '*',
      'AND OR',
      '-',
      '(',
      ')',
      'NEAR(',
      '😀',
      "'",
      '\\',
      ':*',
      '&|!',
      'x'.repeat(200),
    ]) {
      expect(await search(garbage)).toEqual([])
    }
    expect(await search('"refund')).toEqual([ids.anna])
    expect(await search('refund*) ("')).toEqual([ids.anna])
  })

  it('lists the same conversations newest first when a word is too common to start from', async () => {
    const em = orm.em.fork()
    const conversations: Conversation[] = []
    for (let i = 0; i < SEARCH_DRIVE_LIMIT + 10; i++) {
      const conversation = chat(em, { name: `Customer ${i}` }, new Date(Date.UTC(2031, 0, 1, 0, 0, i)))
      conversation.status = i % 2 === 0 ? 'open' : 'closed'
      message(em, conversation, i % 3 === 0 ? 'where is my parcel' : 'thank you')
      conversations.push(conversation)
    }
    await em.flush()
    const expected = conversations
      .filter((conversation, i) => conversation.status === 'closed' && i % 3 === 0)
      .reverse()
      .slice(0, 100)
      .map((conversation) => conversation.id)
    // A long last word is collected once; a short one (its prefix indexed) asked of each conversation.
    expect(await search('parcel', 'closed')).toEqual(expected)
    expect(await search('parcel my', 'closed')).toEqual(expected)
  })
})

describe.runIf(databases.includes('sqlite'))('the search migration', () => {
  it('indexes what was written before it, and what is written after', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-db-'))
    try {
      const base = config({ dataDir })
      const before = (await MikroORM.init({
        ...base,
        migrations: {
          ...base.migrations,
          migrationsList: migrationsList.filter((migration) => !migration.name.endsWith('_search')),
        },
      })) as ParleyOrm
      const em = before.em.fork()
      await migrate(before)
      const old = chat(em, { name: 'Olga Older', email: 'olga@example.com' }, new Date())
      old.ticketTitle = 'Broken kettle'
      message(em, old, 'first words')
      message(em, old, 'second words')
      await em.flush()
      await before.close(true)

      const orm = await createOrm({ dataDir })
      try {
        const later = orm.em.fork()
        message(later, await later.findOneOrFail(Conversation, { id: old.id }), 'third words')
        await later.flush()
        const search = async (text: string) =>
          (
            await InboxReadModel.of(orm).inbox({
              agentId,
              section: 'customers',
              status: 'open',
              search: text,
              limit: 10,
            })
          ).map((row) => row.id)
        for (const text of ['olga', 'kettle', 'first', 'second', 'third']) {
          expect(await search(text)).toEqual([old.id])
        }
      } finally {
        await orm.close(true)
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
