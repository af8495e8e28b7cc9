import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboxEvent } from '../src/routers/conversation.router.ts'
import { type Caller, createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// Issue 8, part 3: the chat page says whether the helpdesk answers now. Online while someone who
// answers customers has the inbox open (a reload within the grace period does not count as leaving);
// an admin's switch takes the whole helpdesk offline, with their own words for both states.

let h: Harness
let admin: TestAgent
let sam: TestAgent
let paula: TestAgent
let adminCalls: Caller

beforeAll(async () => {
  h = await createHarness()
  admin = await h.admin('Anna')
  sam = await h.supportAgent('Sam')
  paula = await h.plainAgent('Paula')
  adminCalls = await h.asAgent(admin)
})
afterAll(() => h.close())

const availability = () => h.anonymous().customer.availability()
/**
 * After a stream stops, its generator's `finally` (which releases presence) runs a few ticks after
 * the caller's iteration ends: ask until the answer is `expected`, for at most a second.
 */
async function untilAvailability(expected: Partial<Awaited<ReturnType<typeof availability>>>): Promise<void> {
  const deadline = Date.now() + 1_000
  for (;;) {
    const now = await availability()
    const matches = Object.entries(expected).every(([key, value]) => now[key as keyof typeof now] === value)
    if (matches || Date.now() > deadline) return void expect(now).toMatchObject(expected)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
const inboxOf = async (agent: TestAgent) =>
  h.subscribe<InboxEvent>(await h.sessionOf(agent), (c) => c.conversation.onInbox({ lastEventId: null }))

describe('whether the helpdesk answers now', () => {
  it('is online while someone who answers customers has the inbox open, and offline after', async () => {
    expect(await availability()).toEqual({ status: 'offline', message: null })
    // Paula answers no customers: her inbox keeps nobody waiting for a reply.
    const paulaInbox = await inboxOf(paula)
    await h.untilFollowed({ kind: 'all' }, 1)
    expect((await availability()).status).toBe('offline')
    const samInbox = await inboxOf(sam)
    await h.untilFollowed({ kind: 'all' }, 2)
    expect(await availability()).toEqual({ status: 'online', message: null })
    await samInbox.stop()
    await paulaInbox.stop()
    await untilAvailability({ status: 'offline' })
  })

  it('stays online through a reload within the grace period, and goes offline when it ends', async () => {
    h.deps.settings.presenceGraceMs = 300
    try {
      const first = await inboxOf(sam)
      await h.untilFollowed({ kind: 'all' }, 1)
      await first.stop()
      expect((await availability()).status).toBe('online')
      const second = await inboxOf(sam)
      await new Promise((resolve) => setTimeout(resolve, 400))
      expect((await availability()).status).toBe('online')
      await second.stop()
      await new Promise((resolve) => setTimeout(resolve, 400))
      expect((await availability()).status).toBe('offline')
    } finally {
      h.deps.settings.presenceGraceMs = 0
    }
  })

  it("an admin's switch takes it offline whoever is online, with their words for both states", async () => {
    const samInbox = await inboxOf(sam)
    await h.untilFollowed({ kind: 'all' }, 1)
    await adminCalls.team.setHelpdesk({
      on: false,
      onlineMessage: 'We reply within minutes.',
      offlineMessage: '  Back on Monday at 9.  ',
    })
    expect(await availability()).toEqual({ status: 'offline', message: 'Back on Monday at 9.' })
    await adminCalls.team.setHelpdesk({
      on: true,
      onlineMessage: 'We reply within minutes.',
      offlineMessage: '',
    })
    expect(await availability()).toEqual({ status: 'online', message: 'We reply within minutes.' })
    expect(await adminCalls.team.helpdesk()).toEqual({
      on: true,
      onlineMessage: 'We reply within minutes.',
      offlineMessage: '',
    })
    // An admin takes Sam off customers: nobody answers them any more, at once.
    await adminCalls.team.setSupport({ agentId: sam.id, support: false })
    expect((await availability()).status).toBe('offline')
    await adminCalls.team.setSupport({ agentId: sam.id, support: true })
    expect((await availability()).status).toBe('online')
    await samInbox.stop()
    await untilAvailability({ status: 'offline', message: null })
  })

  it('only admins set it; garbage is refused and changes nothing', async () => {
    const before = await adminCalls.team.helpdesk()
    const samCalls = await h.asAgent(sam)
    expect(
      (await refusalOf(samCalls.team.setHelpdesk({ on: false, onlineMessage: '', offlineMessage: '' }))).code,
    ).toBe('FORBIDDEN')
    const setHelpdesk = adminCalls.team.setHelpdesk as never as (input: unknown) => Promise<unknown>
    for (const input of [
      { on: 'no', onlineMessage: '', offlineMessage: '' },
      { on: false, onlineMessage: 'x'.repeat(301), offlineMessage: '' },
      { on: false },
    ]) {
      expect((await refusalOf(() => setHelpdesk(input))).code).toBe('BAD_REQUEST')
    }
    expect(await adminCalls.team.helpdesk()).toEqual(before)
  })
})
