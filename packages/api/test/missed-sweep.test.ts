import { Event } from '@parley/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboxEvent } from '../src/index.ts'
import { Sweeper } from '../src/sweeps.ts'
import { createHarness, type Harness, type TestAgent } from './harness.ts'

// Rule 11 by time alone: nobody writes, yet after MISSED_AFTER_MS the conversation turns red in every
// open inbox, announced exactly once however many instances sweep.

let h: Harness
let anna: TestAgent
beforeAll(async () => {
  h = await createHarness()
  anna = await h.supportAgent('Anna')
})
afterAll(() => h.close())

const updatesOf = (conversationId: string) => h.count(Event, { conversationId, type: 'conversation.updated' })

describe('the Missed sweep', () => {
  it('turns a waiting conversation red in open inboxes once the wait has run out, and only then', async () => {
    const { conversationId } = await h.customerWithConversation('Anyone there?')
    const inbox = await h.subscribe<InboxEvent>(await h.sessionOf(anna), (c) => c.conversation.onInbox({}))
    await h.untilFollowed({ kind: 'all' }, 1)
    const sweeper = new Sweeper(h.deps)

    h.clock.advance(h.deps.settings.missedAfterMs - 1_000)
    expect((await sweeper.sweep()).missed).toEqual([])

    h.clock.advance(2_000)
    expect((await sweeper.sweep()).missed).toEqual([conversationId])
    const update = await inbox.waitFor(
      (e) => e.type === 'conversation.updated' && e.conversation.id === conversationId,
    )
    expect(update.data).toMatchObject({ conversation: { dot: 'missed' } })
    // The title count agrees with the dot.
    expect(await (await h.asAgent(anna)).conversation.attention()).toBeGreaterThanOrEqual(1)

    // Announced once: later sweeps leave it alone.
    const before = await updatesOf(conversationId)
    expect((await sweeper.sweep()).missed).toEqual([])
    expect(await updatesOf(conversationId)).toBe(before)
  })

  it('is announced by exactly one of several instances sweeping at the same moment', async () => {
    const { conversationId } = await h.customerWithConversation('Hello?')
    h.clock.advance(h.deps.settings.missedAfterMs + 1_000)
    const before = await updatesOf(conversationId)
    const results = await Promise.all([1, 2, 3].map(() => new Sweeper(h.deps).sweep()))
    expect(results.flatMap((r) => r.missed).filter((id) => id === conversationId)).toEqual([conversationId])
    expect(await updatesOf(conversationId)).toBe(before + 1)
  })

  it('waits again after the customer writes again, and never fires once an agent has answered', async () => {
    const { conversationId, caller } = await h.customerWithConversation('First question')
    h.clock.advance(h.deps.settings.missedAfterMs + 1_000)
    const sweeper = new Sweeper(h.deps)
    expect((await sweeper.sweep()).missed).toContain(conversationId)

    await caller.customer.send({ conversationId, clientId: crypto.randomUUID(), body: 'Second question' })
    h.clock.advance(h.deps.settings.missedAfterMs + 1_000)
    expect((await sweeper.sweep()).missed).toContain(conversationId)

    await caller.customer.send({ conversationId, clientId: crypto.randomUUID(), body: 'Third question' })
    const agent = await h.asAgent(anna)
    await agent.conversation.assignToMe({ conversationId })
    await agent.conversation.reply({ conversationId, clientId: crypto.randomUUID(), body: 'Here I am' })
    h.clock.advance(h.deps.settings.missedAfterMs + 1_000)
    expect((await sweeper.sweep()).missed).not.toContain(conversationId)
  })
})
