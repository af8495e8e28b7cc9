import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Append, Contact, Conversation, EventLog, type MikroORM, WriteStore } from '../src/index.ts'
import { databases, freshDatabase } from './databases.ts'

// Several instances write to one PostgreSQL at once. Transactions that take their seqs in one order may
// try to commit in another; a follower that reads "everything after my cursor" must still never step
// over an event that becomes visible after a higher one.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe.runIf(databases.includes('postgres'))('the event log under concurrent writers on PostgreSQL', () => {
  let orm: MikroORM
  let drop: () => Promise<void>
  const conversations: Array<{ id: string; contactId: string }> = []

  beforeAll(async () => {
    ;({ orm, drop } = await freshDatabase('postgres'))
    const em = orm.em.fork()
    for (let n = 0; n < 8; n += 1) {
      const contact = em.create(Contact, { name: `C${n}`, tokenHash: `h${n}`, blocked: false })
      const conversation = em.create(Conversation, { kind: 'support', status: 'open', contact })
      conversations.push({ id: conversation.id, contactId: contact.id })
    }
    await em.flush()
  })
  afterAll(() => drop())

  function message(target: { id: string; contactId: string }, label: string): Append {
    return {
      message: {
        id: crypto.randomUUID(),
        conversationId: target.id,
        clientId: label,
        authorKind: 'customer',
        authorAgentId: null,
        authorContactId: target.contactId,
        visibility: 'public',
        kind: 'text',
        body: label,
        system: null,
        attachments: [],
        createdAt: new Date(),
      },
      preview: label,
      newParticipant: null,
      events: [{ type: 'message.created', visibility: 'public', payload: { label } }],
      access: {},
      contactId: target.contactId,
      expectedVersion: null,
    }
  }

  /** One writer's transaction: append, then hold the transaction open for `holdMs` before committing. */
  async function write(target: { id: string; contactId: string }, label: string, holdMs: number) {
    const em = orm.em.fork()
    await em.begin()
    try {
      const [seqs] = await WriteStore.appendWithin(em, [message(target, label)])
      await sleep(holdMs)
      await em.commit()
      return seqs![0]!
    } catch (error) {
      await em.rollback()
      throw error
    }
  }

  /** Polls the log like the feed does, until told to stop; returns every seq it saw, in order. */
  function follow(from: number) {
    const seen: number[] = []
    let stopped = false
    const done = (async () => {
      let cursor = from
      while (!stopped) {
        for (const event of await EventLog.of(orm).after(cursor, { kind: 'all' }, 500)) {
          seen.push(event.seq)
          cursor = event.seq
        }
        await sleep(2)
      }
      for (const event of await EventLog.of(orm).after(cursor, { kind: 'all' }, 500)) seen.push(event.seq)
    })()
    return {
      seen,
      stop: async () => {
        stopped = true
        await done
      },
    }
  }

  it('a writer that took its seq first and commits late holds back the writers after it', async () => {
    const start = await EventLog.of(orm).latestSeq()
    const follower = follow(start)
    const slow = write(conversations[0]!, 'slow', 300)
    await sleep(50)
    let fastDone = false
    const fast = WriteStore.of(orm)
      .appendBatch([message(conversations[1]!, 'fast')])
      .then((seqs) => {
        fastDone = true
        return seqs![0]![0]!
      })
    await sleep(150)
    // The fast writer waits for the slow one's seq row lock; nothing past the slow one is visible yet.
    expect(fastDone).toBe(false)
    expect(follower.seen).toEqual([])
    const [slowSeq, fastSeq] = await Promise.all([slow, fast])
    await follower.stop()
    expect(fastSeq).toBe(slowSeq + 1)
    expect(follower.seen).toEqual([slowSeq, fastSeq])
  })

  it('a follower sees every event of many writers committing at random moments, none skipped', async () => {
    const start = await EventLog.of(orm).latestSeq()
    const follower = follow(start)
    const written = (
      await Promise.all(
        conversations.map(async (target, writer) => {
          const seqs: number[] = []
          for (let n = 0; n < 15; n += 1) seqs.push(await write(target, `w${writer}-${n}`, Math.random() * 6))
          return seqs
        }),
      )
    ).flat()
    await follower.stop()
    expect(written).toHaveLength(120)
    const sorted = [...written].sort((x, y) => x - y)
    // Gapless, and the follower saw exactly these, in order, each once.
    expect(sorted).toEqual(Array.from({ length: 120 }, (_, k) => start + 1 + k))
    expect(follower.seen).toEqual(sorted)
  }, 30_000)
})
