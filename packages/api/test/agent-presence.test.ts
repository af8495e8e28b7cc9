import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Caller, createHarness, type Harness, type TestAgent } from './harness.ts'

// Issue 8, part 3: colleagues see an agent online, away or offline, from their connections: the inbox
// stream open makes them there, a tab in use (auth.active) online rather than away.

let h: Harness
let anna: TestAgent
let sam: TestAgent
let annaCalls: Caller

beforeAll(async () => {
  h = await createHarness()
  anna = await h.admin('Anna')
  sam = await h.supportAgent('Sam')
  annaCalls = await h.asAgent(anna)
})
afterAll(() => h.close())

const samAsSeen = async () => (await annaCalls.agents.list()).find((agent) => agent.id === sam.id)?.presence

/** A stream's `finally` releases presence a few ticks after the caller's iteration ends. */
async function untilSam(expected: string): Promise<void> {
  const deadline = Date.now() + 1_000
  while ((await samAsSeen()) !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  expect(await samAsSeen()).toBe(expected)
}

describe("an agent's presence as colleagues see it", () => {
  it('is offline without an inbox, away with it open but unused, online while a tab is in use', async () => {
    expect(await samAsSeen()).toBe('offline')
    const session = await h.sessionOf(sam)
    const inbox = await h.subscribe(session, (c) => c.conversation.onInbox({ lastEventId: null }))
    await h.untilFollowed({ kind: 'all' }, 1)
    expect(await samAsSeen()).toBe('away')
    const inUse = await h.subscribe(session, (c) => c.auth.active())
    await untilSam('online')
    // Their own view says the same.
    expect((await (await h.asAgent(sam)).auth.me())?.presence).toBe('online')
    await inUse.stop()
    await untilSam('away')
    await inbox.stop()
    await untilSam('offline')
  })

  it('counts a tab in use only with an open inbox: it alone is no presence', async () => {
    const inUse = await h.subscribe(await h.sessionOf(sam), (c) => c.auth.active())
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(await samAsSeen()).toBe('offline')
    await inUse.stop()
  })
})
