import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserAvailable,
  LIVE,
  newPage,
  setTabHidden,
  signInAgent,
  signInGermanAgent,
  startCustomerChat,
  startWorld,
  type World,
} from './harness.ts'

// Alerts (issue 8, part 9): an agent turns on desktop notifications and sound; a new chat then notifies
// them while the inbox tab is in the background, and a message in their own conversation does too —
// but not while they are looking at that conversation.

/** The desktop notifications the page created (the real ones, observed on their way to the system). */
async function notificationsOf(page: Page): Promise<Array<{ title: string; body: string }>> {
  return page.evaluate(() => (window as unknown as { shown: Array<{ title: string; body: string }> }).shown)
}

describe.skipIf(!browserAvailable)('alerts', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it('notify of a new chat and of a message in mine while the tab is hidden, not while looking at it', async () => {
    const { context, page: agent } = await newPage(world)
    await context.grantPermissions(['notifications'], { origin: world.server.url })
    await context.addInitScript(() => {
      const shown: Array<{ title: string; body: string }> = []
      Object.assign(window, { shown })
      const Real = window.Notification
      window.Notification = class extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options)
          shown.push({ title, body: options?.body ?? '' })
        }
      } as typeof Notification
    })
    await signInAgent(agent, world)
    await agent.getByRole('link', { name: /^Profile/ }).click()
    await agent.getByRole('checkbox', { name: 'Desktop notifications' }).check()
    await agent.getByRole('status').filter({ hasText: 'Alerts saved.' }).waitFor(LIVE)
    await agent.getByRole('checkbox', { name: 'Play a sound' }).check()
    await agent.getByRole('status').filter({ hasText: 'Alerts saved.' }).waitFor(LIVE)
    await agent.getByRole('link', { name: 'Inbox' }).click()

    // The agent works in another tab: the inbox's is hidden.
    await setTabHidden(agent, true)

    const customer = (await newPage(world)).page
    await startCustomerChat(customer, world, 'Carla', 'Is anyone there?')
    await agent.waitForFunction(() => (window as unknown as { shown: unknown[] }).shown.length === 1)
    expect(await notificationsOf(agent)).toEqual([
      { title: 'New chat: \u2068Carla\u2069', body: 'Is anyone there?' },
    ])

    // Back in the inbox, on that conversation: no ping for what is on screen.
    await setTabHidden(agent, false)
    await agent.getByRole('link', { name: /Carla/ }).click()
    await agent.getByRole('button', { name: 'Assign to me' }).first().click()
    await agent.getByRole('textbox', { name: 'Message' }).waitFor(LIVE)
    await customer.getByRole('textbox', { name: 'Message' }).fill('Hello?')
    await customer.getByRole('button', { name: 'Send' }).click()
    await agent.getByText('Hello?').waitFor(LIVE)
    expect((await notificationsOf(agent)).length).toBe(1)

    // Hidden again: a message in a conversation assigned to them notifies.
    await setTabHidden(agent, true)
    await customer.getByRole('textbox', { name: 'Message' }).fill('I need a refund')
    await customer.getByRole('button', { name: 'Send' }).click()
    await agent.waitForFunction(() => (window as unknown as { shown: unknown[] }).shown.length === 2)
    expect((await notificationsOf(agent))[1]).toEqual({
      title: '\u2068Carla\u2069 wrote in your conversation',
      body: 'I need a refund',
    })
  })

  it('follow the agent to another browser, and are offered in German', async () => {
    const page = await signInGermanAgent(world)
    await page.getByRole('link', { name: /^Profil/ }).click()
    await page.getByRole('heading', { name: 'Benachrichtigungen' }).waitFor(LIVE)
    expect(await page.getByRole('checkbox', { name: 'Ton abspielen' }).isChecked()).toBe(true)
    expect(await page.getByRole('checkbox', { name: 'Desktop-Benachrichtigungen' }).count()).toBe(1)
  })
})
