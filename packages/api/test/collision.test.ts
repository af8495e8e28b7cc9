import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// Issue 8, part 4: collision detection. Agents see who else has a conversation open ("Anna is
// viewing") and who is typing a reply or a note; the customer hears none of the viewing, ever.

let h: Harness
let anna: TestAgent
let ben: TestAgent
let paula: TestAgent

beforeAll(async () => {
  h = await createHarness()
  anna = await h.supportAgent('Anna')
  ben = await h.supportAgent('Ben')
  paula = await h.plainAgent('Paula')
})
afterAll(() => h.close())

type Activity =
  | { kind: 'viewing'; name: string; agentId: string; present: boolean }
  | { kind: 'typing'; name: string; visibility: string }

describe('who else is in a conversation', () => {
  it('a colleague sees Anna viewing, typing a note, and leaving; Anna hears nothing of herself', async () => {
    const { conversationId } = await h.customerWithConversation('Where is my parcel?')
    const listensOn = { listensOn: `typing:${conversationId}` }
    const benSees = await h.subscribe<Activity>(
      await h.sessionOf(ben),
      (c) => c.conversation.onTyping({ conversationId }),
      listensOn,
    )
    const annaSees = await h.subscribe<Activity>(
      await h.sessionOf(anna),
      (c) => c.conversation.onTyping({ conversationId }),
      listensOn,
    )
    const annaCalls = await h.asAgent(anna)

    const viewId = crypto.randomUUID()
    await annaCalls.conversation.viewing({ conversationId, viewId, present: true })
    await annaCalls.conversation.typing({ conversationId, visibility: 'internal' })
    await annaCalls.conversation.viewing({ conversationId, viewId, present: false })

    await benSees.waitFor((activity) => activity.kind === 'viewing' && !activity.present)
    expect(benSees.data).toEqual([
      { kind: 'viewing', conversationId, viewId, name: 'Anna', agentId: anna.id, present: true },
      { kind: 'typing', conversationId, name: 'Anna', visibility: 'internal', authorKind: 'agent' },
      { kind: 'viewing', conversationId, viewId, name: 'Anna', agentId: anna.id, present: false },
    ])
    expect(annaSees.data).toEqual([])
    await benSees.stop()
    await annaSees.stop()
  })

  it('never reaches the customer, who hears only a reply being typed', async () => {
    const { conversationId, token } = await h.customerWithConversation('Hello?')
    const customerSees = await h.subscribe<unknown>(
      { visitorToken: token },
      (c) => c.customer.onTyping({ conversationId }),
      { listensOn: `typing:${conversationId}` },
    )
    const annaCalls = await h.asAgent(anna)
    await annaCalls.conversation.assignToMe({ conversationId })
    await annaCalls.conversation.viewing({ conversationId, viewId: crypto.randomUUID(), present: true })
    await annaCalls.conversation.typing({ conversationId, visibility: 'public' })
    await customerSees.waitFor(() => true)
    expect(customerSees.data).toEqual([{ conversationId, name: 'Anna' }])
    await customerSees.stop()
  })

  it('an agent who may not see the conversation can neither announce nor watch (NOT_FOUND), nor a customer', async () => {
    const { conversationId, caller: customer } = await h.customerWithConversation('Private')
    const paulaCalls = await h.asAgent(paula)
    expect(
      (
        await refusalOf(
          paulaCalls.conversation.viewing({ conversationId, viewId: crypto.randomUUID(), present: true }),
        )
      ).code,
    ).toBe('NOT_FOUND')
    const watching = await h.subscribe(await h.sessionOf(paula), (c) =>
      c.conversation.onTyping({ conversationId }),
    )
    await expect(watching.waitFor(() => true)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const asCustomer = customer.conversation.viewing as never as (input: unknown) => Promise<unknown>
    expect(
      (await refusalOf(() => asCustomer({ conversationId, viewId: crypto.randomUUID(), present: true })))
        .code,
    ).toBe('UNAUTHORIZED')
    for (const input of [
      { conversationId },
      { conversationId, present: 'yes' },
      { conversationId: 'x', present: true },
    ]) {
      const call = (await h.asAgent(anna)).conversation.viewing as never as (
        input: unknown,
      ) => Promise<unknown>
      expect((await refusalOf(() => call(input))).code).toBe('BAD_REQUEST')
    }
  })
})
