import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboxEvent } from '../src/routers/conversation.router.ts'
import { type Caller, createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// Issue 8, part 9: the inbox stream says which new messages should alert this agent, and the agent's
// choice of desktop notifications and sound is theirs, kept on the server.

let h: Harness
let sam: TestAgent
let otto: TestAgent
let paula: TestAgent
let samCalls: Caller
let ottoCalls: Caller

beforeAll(async () => {
  h = await createHarness()
  sam = await h.supportAgent('Sam Stone')
  otto = await h.supportAgent('Otto')
  paula = await h.plainAgent('Paula')
  samCalls = await h.asAgent(sam)
  ottoCalls = await h.asAgent(otto)
})
afterAll(() => h.close())

type Created = Extract<InboxEvent, { type: 'message.created' }>
const created = (event: InboxEvent): event is Created => event.type === 'message.created'

async function inboxOf(agent: TestAgent) {
  return h.subscribe<InboxEvent>(await h.sessionOf(agent), (c) =>
    c.conversation.onInbox({ lastEventId: null }),
  )
}

describe('alerts on the inbox stream', () => {
  it('a new chat alerts those who answer customers; once taken, only its assignee; a mention, the named', async () => {
    const samInbox = await inboxOf(sam)
    const ottoInbox = await inboxOf(otto)
    const paulaInbox = await inboxOf(paula)
    await h.untilFollowed({ kind: 'all' }, 3)

    const { conversationId, caller: customer } = await h.customerWithConversation('Is anyone there?')
    const first = (event: InboxEvent) => created(event) && event.message.body === 'Is anyone there?'
    expect((await samInbox.waitFor(first)).data).toMatchObject({ alert: 'new_chat' })
    expect((await ottoInbox.waitFor(first)).data).toMatchObject({ alert: 'new_chat' })

    await samCalls.conversation.assignToMe({ conversationId })
    await customer.customer.send({ conversationId, clientId: crypto.randomUUID(), body: 'Hello again' })
    const again = (event: InboxEvent) => created(event) && event.message.body === 'Hello again'
    expect((await samInbox.waitFor(again)).data).toMatchObject({ alert: 'mine' })
    expect((await ottoInbox.waitFor(again)).data).not.toHaveProperty('alert')

    await ottoCalls.conversation.note({ conversationId, clientId: crypto.randomUUID(), body: 'cc @Sam' })
    const note = (event: InboxEvent) => created(event) && event.message.body === 'cc @Sam'
    expect((await samInbox.waitFor(note)).data).toMatchObject({ alert: 'mention' })
    // The writer is never alerted by their own message.
    expect((await ottoInbox.waitFor(note)).data).not.toHaveProperty('alert')
    // Paula may see none of it: no event at all, so no alert.
    expect(paulaInbox.data.filter(created)).toEqual([])
    for (const stream of [samInbox, ottoInbox, paulaInbox]) await stream.stop()
  })

  it('the agent turns desktop notifications and sound on and off; off until then', async () => {
    expect((await samCalls.auth.me())?.alerts).toEqual({ desktop: false, sound: false })
    await samCalls.auth.setAlerts({ desktop: true, sound: false })
    expect((await (await h.asAgent(sam)).auth.me())?.alerts).toEqual({ desktop: true, sound: false })
    const setAlerts = samCalls.auth.setAlerts as never as (input: unknown) => Promise<unknown>
    for (const input of [{ desktop: 'yes', sound: false }, { desktop: true }, null]) {
      expect((await refusalOf(() => setAlerts(input))).code).toBe('BAD_REQUEST')
    }
    expect((await samCalls.auth.me())?.alerts).toEqual({ desktop: true, sound: false })
    expect((await refusalOf(h.anonymous().auth.setAlerts({ desktop: true, sound: true }))).code).toBe(
      'UNAUTHORIZED',
    )
  })
})
