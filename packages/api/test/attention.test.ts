import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { presenceKey } from '../src/presence.ts'
import { createHarness, type Harness, type TestAgent } from './harness.ts'

// The count in the inbox's tab title (conversation.attention): open customer conversations with a New or
// Missed dot for me (rule 11), only those I may see (rule 9): exactly the dots my list shows.

let h: Harness
let anna: TestAgent
let ben: TestAgent
let paula: TestAgent

// Every test starts from an empty inbox: the counts are absolute.
beforeEach(async () => {
  await h?.close()
  h = await createHarness()
  anna = await h.admin('Anna')
  ben = await h.supportAgent('Ben')
  paula = await h.plainAgent('Paula')
  // Agents count as online while their inbox is open; here everyone is, unless a test says otherwise.
  for (const agent of [anna, ben, paula]) h.deps.presence.connect(presenceKey.agent(agent.id))
})
afterAll(() => h.close())

const attentionOf = async (agent: TestAgent) => (await h.asAgent(agent)).conversation.attention()

describe('the inbox title count', () => {
  it('counts a new chat for everyone who handles customers, until each of them opens it', async () => {
    const { conversationId } = await h.customerWithConversation('Hello?')
    expect(await attentionOf(anna)).toBe(1)
    expect(await attentionOf(ben)).toBe(1)

    await (await h.asAgent(ben)).conversation.markRead({ conversationId })
    expect(await attentionOf(ben)).toBe(0)
    expect(await attentionOf(anna)).toBe(1)
  })

  it('leaves out customer chats for an agent without the support flag', async () => {
    await h.customerWithConversation('Hello?')
    expect(await attentionOf(paula)).toBe(0)
  })

  it("counts a customer's new message in a conversation assigned to me, not in one assigned to someone else", async () => {
    const { caller, conversationId } = await h.customerWithConversation('Hello?')
    const annaCalls = await h.asAgent(anna)
    await annaCalls.conversation.assignToMe({ conversationId })
    await annaCalls.conversation.reply({ conversationId, clientId: crypto.randomUUID(), body: 'Hi!' })
    await annaCalls.conversation.markRead({ conversationId })
    expect(await attentionOf(anna)).toBe(0)

    h.clock.advance(1_000)
    await caller.customer.send({ conversationId, clientId: crypto.randomUUID(), body: 'One more thing' })
    expect(await attentionOf(anna)).toBe(1)
    expect(await attentionOf(ben)).toBe(0)
  })

  it('counts a missed conversation of mine even after I opened it, until someone replies', async () => {
    const { conversationId } = await h.customerWithConversation('Hello?')
    const annaCalls = await h.asAgent(anna)
    await annaCalls.conversation.assignToMe({ conversationId })
    await annaCalls.conversation.markRead({ conversationId })
    expect(await attentionOf(anna)).toBe(0)

    h.clock.advance(h.deps.settings.missedAfterMs)
    expect(await attentionOf(anna)).toBe(1)

    await annaCalls.conversation.reply({ conversationId, clientId: crypto.randomUUID(), body: 'Sorry!' })
    expect(await attentionOf(anna)).toBe(0)
  })

  it("agrees with the dots in my list, a colleague's missed conversation included", async () => {
    const { conversationId } = await h.customerWithConversation('Hello?')
    await (await h.asAgent(anna)).conversation.assignToMe({ conversationId })
    const benCalls = await h.asAgent(ben)
    await benCalls.conversation.markRead({ conversationId })
    expect(await attentionOf(ben)).toBe(0)

    h.clock.advance(h.deps.settings.missedAfterMs)
    const list = await benCalls.conversation.list({ section: 'customers', status: 'open' })
    expect(list.find((c) => c.id === conversationId)?.dot).toBe('missed')
    expect(await attentionOf(ben)).toBe(list.filter((c) => c.dot !== null).length)
    expect(await attentionOf(ben)).toBe(1)
  })

  it('leaves out closed conversations', async () => {
    const { conversationId } = await h.customerWithConversation('Hello?')
    await (await h.asAgent(anna)).conversation.close({ conversationId })
    expect(await attentionOf(anna)).toBe(0)
    expect(await attentionOf(ben)).toBe(0)
  })
})
