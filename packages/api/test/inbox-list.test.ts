import { Conversation } from '@parley/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, type Harness, type TestAgent } from './harness.ts'

// The inbox list (rule 9's sections, the Open/Closed filter, search) as agents see it.

let h: Harness
let anna: TestAgent
let paul: TestAgent

beforeAll(async () => {
  h = await createHarness()
  anna = await h.admin('Anna')
  paul = await h.plainAgent('Paul')
})
afterAll(() => h.close())

const clientId = () => crypto.randomUUID()
const idsOf = (list: Array<{ id: string }>) => list.map((conversation) => conversation.id)

/** A customer's chat, with a name and an email the search can find. */
async function chat(name: string, body: string, email?: string) {
  const { token } = await h.anonymous().customer.start({ name, email })
  const caller = h.asCustomer(token)
  const { conversation } = await caller.customer.startConversation({ clientId: clientId(), body })
  return { caller, conversationId: conversation.id }
}

describe('the inbox list', () => {
  it('lists each conversation as its detail shows it, newest first', async () => {
    const older = await chat('Olga Older', 'First question')
    h.clock.advance(1_000)
    const newer = await chat('Nina Newer', 'Second question', 'nina@example.com')
    const agent = await h.asAgent(anna)
    await agent.conversation.assignToMe({ conversationId: newer.conversationId })
    await agent.conversation.note({ conversationId: newer.conversationId, clientId: clientId(), body: 'VIP' })

    const list = await agent.conversation.list({ section: 'customers', status: 'open' })
    const ids = idsOf(list)
    expect(ids.indexOf(newer.conversationId)).toBeLessThan(ids.indexOf(older.conversationId))
    const { conversation } = await agent.conversation.get({ id: newer.conversationId })
    expect(list.find((c) => c.id === newer.conversationId)).toEqual(conversation)
    expect(conversation).toMatchObject({
      contact: { name: 'Nina Newer', email: 'nina@example.com', blocked: false },
      assignee: { id: anna.id, name: 'Anna' },
      preview: 'VIP',
    })
  })

  it('shows "My conversations" to an agent without the support flag, and no customer chats', async () => {
    const { conversationId } = await chat('Mia Mine', 'Hello Paul?')
    const agent = await h.asAgent(paul)
    expect(idsOf(await agent.conversation.list({ section: 'customers', status: 'open' }))).toEqual([])
    expect(idsOf(await agent.conversation.list({ section: 'mine', status: 'open' }))).not.toContain(
      conversationId,
    )
    await (await h.asAgent(anna)).conversation.assign({ conversationId, agentId: paul.id })
    expect(idsOf(await agent.conversation.list({ section: 'mine', status: 'open' }))).toContain(
      conversationId,
    )
  })

  it('keeps closed conversations under "Closed" and those in Trash nowhere', async () => {
    const closed = await chat('Carl Closed', 'Thanks, all good')
    const trashed = await chat('Tina Trash', 'Spam spam spam')
    const agent = await h.asAgent(anna)
    await agent.conversation.close({ conversationId: closed.conversationId })
    const em = h.em()
    const conversation = await em.findOneOrFail(Conversation, { id: trashed.conversationId })
    conversation.trashedAt = h.clock.now
    await em.flush()

    const open = idsOf(await agent.conversation.list({ section: 'customers', status: 'open' }))
    const closedList = idsOf(await agent.conversation.list({ section: 'customers', status: 'closed' }))
    expect(open).not.toContain(closed.conversationId)
    expect(closedList).toContain(closed.conversationId)
    expect([...open, ...closedList]).not.toContain(trashed.conversationId)
  })

  it('finds conversations by name, email, message text and ticket title; punctuation only separates words', async () => {
    const byName = await chat('Zora Zebra', 'about my order')
    const byEmail = await chat('Someone', 'hi', 'quentin@quokka.example')
    const byText = await chat('Other', 'the xylophone arrived broken')
    const byTicket = await chat('Ticket person', 'hello')
    const percent = await chat('Percy', 'I want 100% of my money back')
    const agent = await h.asAgent(anna)
    await agent.conversation.createTicket({
      conversationId: byTicket.conversationId,
      title: 'Refund for the yak saddle',
      type: 'ticket',
      priority: 'normal',
    })
    const search = async (text: string) =>
      idsOf(await agent.conversation.list({ section: 'customers', status: 'open', search: text }))

    expect(await search('zebra')).toEqual([byName.conversationId])
    expect(await search('quokka')).toEqual([byEmail.conversationId])
    expect(await search('XYLOPHONE')).toEqual([byText.conversationId])
    expect(await search('yak saddle')).toEqual([byTicket.conversationId])
    expect(await search('100%')).toEqual([percent.conversationId])
    expect(await search('%')).toEqual([])
    expect(await search('_')).toEqual([])
  })
})
