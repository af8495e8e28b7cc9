import { Conversation, Message } from '@parley/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appRouter } from '../src/index.ts'
import { createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// Rule 5 (messages are immutable) and idempotent sending (a retried send never posts twice).

let h: Harness
let anna: TestAgent

beforeAll(async () => {
  h = await createHarness()
  anna = await h.admin('Anna')
})
afterAll(() => h.close())

const clientId = () => crypto.randomUUID()

describe('sent messages cannot be changed', () => {
  it('there is no way to edit or delete a message through the API', () => {
    const paths = Object.keys(appRouter._def.procedures)
    expect(paths.length).toBeGreaterThan(20)
    expect(paths.filter((path) => path.split('.')[0] === 'message')).toEqual([])
    expect(paths.filter((path) => /message/i.test(path) && /edit|update|delete|remove/i.test(path))).toEqual(
      [],
    )
    // Nothing else edits or deletes either (conversations go to Trash, which is not a delete of messages),
    // except these, which change things that are not messages:
    const notMessages = [
      // A saved reply (issue 7): removed by its owner, or a shared one by an admin.
      'textBlocks.remove',
      // A knowledge base article (issue 7): removed by an admin, or by any agent while a draft.
      'kb.remove',
    ]
    expect(paths.filter((path) => /edit|update|delete|remove|destroy|purge/i.test(path))).toEqual(notMessages)
  })
})

describe('sending is idempotent', () => {
  it('a customer’s retried message is stored once and answered with the same message', async () => {
    const { caller, conversationId } = await h.customerWithConversation()
    const id = clientId()
    const first = await caller.customer.send({ conversationId, clientId: id, body: 'Are you there?' })
    const before = await h.rowCounts()

    const retry = await caller.customer.send({ conversationId, clientId: id, body: 'Are you there?' })

    expect(retry.id).toBe(first.id)
    expect(retry).toEqual(first)
    expect(await h.rowCounts()).toEqual(before)
  })

  it('a retry of a reply that was stored is answered with it even after the ticket was closed', async () => {
    const { caller, conversationId } = await h.customerWithConversation()
    const agent = await h.asAgent(anna)
    await agent.conversation.assignToMe({ conversationId })
    const id = clientId()
    const first = await agent.conversation.reply({ conversationId, clientId: id, body: 'On it' })
    await agent.conversation.createTicket({
      conversationId,
      title: 'Parcel',
      type: 'ticket',
      priority: 'normal',
    })
    await agent.conversation.close({ conversationId })
    const customerRetry = caller.customer.send({ conversationId, clientId: clientId(), body: 'new' })
    expect(await refusalOf(customerRetry)).toMatchObject({ domainCode: 'TICKET_CLOSED' })

    // The response was lost, the client sends again: the message exists, so it is not a failure.
    const retry = await agent.conversation.reply({ conversationId, clientId: id, body: 'On it' })

    expect(retry.id).toBe(first.id)
  })

  it('a retried first message does not open a second conversation', async () => {
    const { caller } = await h.customer()
    const id = clientId()
    const first = await caller.customer.startConversation({ clientId: id, body: 'Hello' })
    const before = await h.rowCounts()

    const retry = await caller.customer.startConversation({ clientId: id, body: 'Hello' })

    expect(retry.message.id).toBe(first.message.id)
    expect(retry.conversation.id).toBe(first.conversation.id)
    expect(await h.rowCounts()).toEqual(before)
    expect(await caller.customer.conversations()).toHaveLength(1)
  })

  it('a retried first message still shows who has taken the conversation since', async () => {
    const { caller } = await h.customer()
    const id = clientId()
    const first = await caller.customer.startConversation({ clientId: id, body: 'Hello' })
    await (await h.asAgent(anna)).conversation.assignToMe({ conversationId: first.conversation.id })

    const retry = await caller.customer.startConversation({ clientId: id, body: 'Hello' })

    expect(retry.conversation.assignee).toEqual({ name: 'Anna' })
  })

  it('an agent’s retried reply and note are each stored once', async () => {
    const { conversationId } = await h.customerWithConversation()
    const agent = await h.asAgent(anna)
    await agent.conversation.assignToMe({ conversationId })
    const replyId = clientId()
    const noteId = clientId()
    const reply = await agent.conversation.reply({ conversationId, clientId: replyId, body: 'Reply' })
    const note = await agent.conversation.note({ conversationId, clientId: noteId, body: 'Note' })
    const before = await h.rowCounts()

    const [replies, notes] = await Promise.all([
      Promise.all(
        [1, 2, 3].map(() => agent.conversation.reply({ conversationId, clientId: replyId, body: 'Reply' })),
      ),
      Promise.all(
        [1, 2, 3].map(() => agent.conversation.note({ conversationId, clientId: noteId, body: 'Note' })),
      ),
    ])

    expect(new Set(replies.map((m) => m.id))).toEqual(new Set([reply.id]))
    expect(new Set(notes.map((m) => m.id))).toEqual(new Set([note.id]))
    expect(await h.rowCounts()).toEqual(before)
  })

  it('the same send arriving twice at once is stored once', async () => {
    const { caller, conversationId } = await h.customerWithConversation()
    const id = clientId()
    const before = await h.count(Message, { conversation: conversationId })

    const results = await Promise.all(
      [1, 2, 3, 4].map(() => caller.customer.send({ conversationId, clientId: id, body: 'Double click' })),
    )

    expect(new Set(results.map((m) => m.id)).size).toBe(1)
    expect(await h.count(Message, { conversation: conversationId })).toBe(before + 1)
  })

  it('a customer cannot get an internal note back by sending with the note’s client id', async () => {
    const { caller, conversationId } = await h.customerWithConversation()
    const agent = await h.asAgent(anna)
    const noteClientId = clientId()
    await agent.conversation.note({ conversationId, clientId: noteClientId, body: 'SECRET do not refund' })
    const before = await h.rowCounts()

    const attempt = await caller.customer
      .send({ conversationId, clientId: noteClientId, body: 'guess' })
      .catch((error: unknown) => error)

    expect(JSON.stringify(attempt)).not.toContain('SECRET')
    expect(attempt).toMatchObject({ code: 'CONFLICT' })
    expect(await h.rowCounts()).toEqual(before)
  })

  it('an agent reusing a customer’s client id gets an error, not the customer’s message', async () => {
    const { conversationId } = await h.customerWithConversation()
    const agent = await h.asAgent(anna)
    const customerClientId = (await h.em().findOneOrFail(Message, { conversation: conversationId })).clientId!

    const refusal = await refusalOf(
      agent.conversation.note({ conversationId, clientId: customerClientId, body: 'My note' }),
    )

    expect(refusal.code).toBe('CONFLICT')
    expect(await h.count(Message, { conversation: conversationId, visibility: 'internal' })).toBe(0)
  })

  it('the same client id may be used again in another conversation', async () => {
    const { caller } = await h.customer()
    const id = clientId()
    const one = await caller.customer.startConversation({ clientId: clientId(), body: 'one' })
    const two = await caller.customer.startConversation({ clientId: clientId(), body: 'two' })

    const a = await caller.customer.send({
      conversationId: one.conversation.id,
      clientId: id,
      body: 'same id',
    })
    const b = await caller.customer.send({
      conversationId: two.conversation.id,
      clientId: id,
      body: 'same id',
    })

    expect(a.id).not.toBe(b.id)
    expect(await h.count(Conversation, { contact: (await caller.customer.me()).id })).toBe(2)
  })
})

describe('messages built to break the Markdown parser', () => {
  it('a message nested thousands of quotes deep is stored and listed like any other', async () => {
    const { caller, conversationId } = await h.customerWithConversation()
    const body = `${'> '.repeat(4_990)}help`

    const sent = await caller.customer.send({ conversationId, clientId: clientId(), body })

    expect(sent.body).toBe(body)
    const agent = await h.asAgent(anna)
    const listed = await agent.conversation.list({ section: 'customers', status: 'open' })
    const preview = listed.find((conversation) => conversation.id === conversationId)?.preview
    // Made from the start of the message only: short, and quick to make whatever the message holds.
    expect(preview?.length).toBeLessThanOrEqual(140)
    const { messages } = await agent.conversation.get({ id: conversationId })
    expect(messages.at(-1)?.body).toBe(body)
  })
})
