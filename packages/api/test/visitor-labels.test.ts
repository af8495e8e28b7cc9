import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, type Harness, type TestAgent } from './harness.ts'

// Customers who leave no name are still told apart: a code and an avatar colour from their contact.

let h: Harness
let anna: TestAgent

beforeAll(async () => {
  h = await createHarness()
  anna = await h.admin('Anna')
})
afterAll(() => h.close())

const clientId = () => crypto.randomUUID()

async function namelessChat(body: string) {
  const { token, contact } = await h.anonymous().customer.start({})
  const caller = h.asCustomer(token)
  const { conversation } = await caller.customer.startConversation({ clientId: clientId(), body })
  return { caller, contact, conversationId: conversation.id }
}

describe('nameless customers', () => {
  it('get different visitor codes, the same one in every list and every call', async () => {
    const first = await namelessChat('Where is my parcel?')
    const second = await namelessChat('Do you ship to Austria?')
    const agent = await h.asAgent(anna)

    const list = await agent.conversation.list({ section: 'customers', status: 'open' })
    const listed = (id: string) => list.find((c) => c.id === id)?.contact
    const a = listed(first.conversationId)
    const b = listed(second.conversationId)
    expect(a).toMatchObject({ name: null, visitorCode: expect.stringMatching(/^[0-9A-F]{4}$/) })
    expect(b).toMatchObject({ name: null, visitorCode: expect.stringMatching(/^[0-9A-F]{4}$/) })
    expect(a?.visitorCode).not.toBe(b?.visitorCode)

    // The same code and colour from the thread, the search, the customer's own view, and a second read.
    const { conversation } = await agent.conversation.get({ id: first.conversationId })
    expect(conversation.contact).toEqual(a)
    const found = await agent.conversation.list({ section: 'customers', status: 'open', search: 'parcel' })
    expect(found.find((c) => c.id === first.conversationId)?.contact).toEqual(a)
    expect(await first.caller.customer.me()).toEqual(first.contact)
    expect(first.contact).toMatchObject({ visitorCode: a?.visitorCode, colour: a?.colour })
    const again = await agent.conversation.list({ section: 'customers', status: 'open' })
    expect(again.find((c) => c.id === first.conversationId)?.contact).toEqual(a)
  })

  it('get an avatar colour from the palette, whether they gave a name or not', async () => {
    const named = await h.customerWithConversation('Hi', 'Nora Named')
    const nameless = await namelessChat('Hello')
    const agent = await h.asAgent(anna)
    for (const conversationId of [named.conversationId, nameless.conversationId]) {
      const { conversation } = await agent.conversation.get({ id: conversationId })
      expect(['blue', 'green', 'purple', 'orange', 'teal', 'red', 'pink', 'slate']).toContain(
        conversation.contact?.colour,
      )
    }
  })
})
