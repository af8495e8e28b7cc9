import { Conversation, Message } from '@parley/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Caller, createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// The inbox search as agents use it: message text (notes included, rule 1: agents only), contacts,
// what the agent may see (rule 9), Trash (rule 5), and whatever is typed into it.

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

/** A customer's chat, with a name and an email the search can find. */
async function chat(name: string, body: string, email?: string) {
  const { token } = await h.anonymous().customer.start({ name, email })
  const caller = h.asCustomer(token)
  const { conversation } = await caller.customer.startConversation({ clientId: clientId(), body })
  h.clock.advance(1_000)
  return { caller, conversationId: conversation.id }
}

async function search(
  agent: Caller,
  text: string,
  list: { section: 'customers' | 'mine' | 'team'; status: 'open' | 'closed' } = {
    section: 'customers',
    status: 'open',
  },
) {
  return (await agent.conversation.list({ ...list, search: text })).map((conversation) => conversation.id)
}

describe('searching the inbox', () => {
  it("finds a conversation by the customer's words, by a reply and by an internal note", async () => {
    const { conversationId } = await chat('Karla Kunde', 'Meine Lieferung ist beschädigt angekommen')
    const agent = await h.asAgent(anna)
    await agent.conversation.assignToMe({ conversationId })
    await agent.conversation.reply({
      conversationId,
      clientId: clientId(),
      body: 'We will send a new teapot',
    })
    await agent.conversation.note({
      conversationId,
      clientId: clientId(),
      body: 'Warehouse confirmed the breakage',
    })

    expect(await search(agent, 'beschädigt')).toEqual([conversationId])
    expect(await search(agent, 'TEAPOT')).toEqual([conversationId])
    expect(await search(agent, 'breakage')).toEqual([conversationId])
  })

  it('takes the word being typed as the start of one, and needs every word', async () => {
    const { conversationId } = await chat('Rita Refund', 'I would like a refund for the lamp')
    const agent = await h.asAgent(anna)
    expect(await search(agent, 'refu')).toEqual([conversationId])
    expect(await search(agent, 'lamp refu')).toEqual([conversationId])
    expect(await search(agent, 'refund lamp sofa')).toEqual([])
  })

  it('finds the contact by name and by email, typed whole or in part', async () => {
    const { conversationId } = await chat('Annika Zander', 'hi', 'annika@zander-shop.example')
    const agent = await h.asAgent(anna)
    expect(await search(agent, 'Zander')).toEqual([conversationId])
    expect(await search(agent, 'annika zan')).toEqual([conversationId])
    expect(await search(agent, 'annika@zander-shop.example')).toEqual([conversationId])
    expect(await search(agent, 'annika@zand')).toEqual([conversationId])
  })

  it('never finds a conversation in Trash', async () => {
    const { conversationId } = await chat('Tom Trash', 'the wobbly chair is broken')
    const agent = await h.asAgent(anna)
    expect(await search(agent, 'wobbly')).toEqual([conversationId])
    await agent.conversation.trash({ conversationId })
    expect(await search(agent, 'wobbly')).toEqual([])
    expect(await search(agent, 'wobbly', { section: 'customers', status: 'closed' })).toEqual([])
  })

  it('lists only conversations the agent may see', async () => {
    const { conversationId } = await chat('Sam Secret', 'the marmalade jar leaked')
    const agentPaul = await h.asAgent(paul)
    expect(await search(agentPaul, 'marmalade')).toEqual([])
    expect(await search(agentPaul, 'marmalade', { section: 'mine', status: 'open' })).toEqual([])
    await (await h.asAgent(anna)).conversation.assign({ conversationId, agentId: paul.id })
    expect(await search(agentPaul, 'marmalade', { section: 'mine', status: 'open' })).toEqual([
      conversationId,
    ])
  })

  it('does not find the words of a system message', async () => {
    const { conversationId } = await chat('Sven System', 'hello there')
    const em = h.em()
    em.create(Message, {
      conversation: await em.findOneOrFail(Conversation, { id: conversationId }),
      authorKind: 'system',
      visibility: 'public',
      kind: 'system',
      body: 'quarantined',
      createdAt: h.clock.now,
    })
    await em.flush()
    expect(await search(await h.asAgent(anna), 'quarantined')).toEqual([])
  })

  it('answers whatever is typed with results or none, never an error', async () => {
    const { conversationId } = await chat('Gary Garbage', 'my zither arrived out of tune')
    const agent = await h.asAgent(anna)
    const garbage = ['"', '*', 'AND OR', '-', '(', ')', 'NEAR(', "'", '\\', ':*', '&|!', '😀', '%', '_']
    for (const text of [...garbage, 'z'.repeat(200), `${'(" '.repeat(66)}zi`]) {
      expect(Array.isArray(await search(agent, text))).toBe(true)
    }
    expect(await search(agent, '"zither')).toEqual([conversationId])
    expect(await search(agent, 'zither* -tune')).toEqual([conversationId])
    expect(await search(agent, '(zither OR')).toEqual([])
  })

  it('is for agents only: a customer cannot search the inbox', async () => {
    const { caller } = await chat('Cora Customer', 'a note about me must stay hidden')
    expect(
      (await refusalOf(caller.conversation.list({ section: 'customers', status: 'open', search: 'note' })))
        .code,
    ).toBe('UNAUTHORIZED')
  })
})
