import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserAvailable,
  inviteAgent,
  LIVE,
  newPage,
  setTabHidden,
  signInAgent,
  signInGermanAgent,
  startCustomerChat,
  startWorld,
  type World,
} from './harness.ts'

// Followers (issue 9, part 4): Paul, who answers no customers, follows a chat in his team's queue that
// the admin has taken. It is then his under "My conversations", and the customer's next message notifies
// him; unfollowing takes it out again.

/** The desktop notifications the page created, observed on their way to the system. */
async function notificationsOf(page: Page): Promise<Array<{ title: string; body: string }>> {
  return page.evaluate(() => (window as unknown as { shown: Array<{ title: string; body: string }> }).shown)
}

describe.skipIf(!browserAvailable)('following a conversation', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it('puts it under "My conversations" with its alerts; unfollowing takes it out', async () => {
    const admin = (await newPage(world)).page
    await signInAgent(admin, world)
    const paul = await inviteAgent(admin, world, 'Paul Peters', 'paul@example.com', { support: false })
    await admin.reload()
    await admin.getByRole('textbox', { name: 'New team' }).fill('Billing')
    await admin.getByRole('button', { name: 'Create team' }).click()
    const team = admin.getByRole('form', { name: 'Billing' })
    await team.getByRole('checkbox', { name: 'Paul Peters' }).check()
    await team.getByRole('button', { name: 'Save team' }).click()
    await admin.getByRole('status').filter({ hasText: 'Saved.' }).first().waitFor(LIVE)

    // The customer's chat goes to Billing's queue, and the admin takes it: no new chat for Paul.
    const customer = (await newPage(world)).page
    await startCustomerChat(customer, world, 'Carla', 'I was charged twice')
    await customer.getByText('I was charged twice').waitFor(LIVE)
    await admin.getByRole('link', { name: 'Inbox' }).click()
    await admin.getByRole('link', { name: /Carla/ }).click()
    await admin.getByRole('button', { name: 'Assign', exact: true }).click()
    await admin.getByRole('menuitem', { name: 'Team Billing' }).click()
    await admin.getByText('Team: Billing').waitFor(LIVE)
    await admin.getByRole('button', { name: 'Assign to me' }).first().click()
    await admin.getByText('Admin joined the conversation').waitFor(LIVE)

    // Paul's browser shows notifications; the test sees each one created.
    const context = paul.context()
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
    await paul.reload()
    await paul.getByRole('link', { name: /^Profile/ }).click()
    await paul.getByRole('checkbox', { name: 'Desktop notifications' }).check()
    await paul.getByRole('status').filter({ hasText: 'Alerts saved.' }).waitFor(LIVE)
    await paul.getByRole('link', { name: 'Inbox' }).click()

    const listed = paul.getByRole('tabpanel').getByRole('link', { name: /Carla/ })
    await paul.getByRole('tab', { name: 'My conversations' }).click()
    await paul.getByRole('tabpanel').getByText('No open conversations. Nice work!').waitFor(LIVE)
    await paul.getByRole('tab', { name: 'Team queues' }).click()
    await listed.click()
    await paul.getByRole('heading', { name: 'Carla' }).waitFor(LIVE)
    await paul.getByRole('button', { name: 'Follow', exact: true }).click()
    await paul.getByRole('button', { name: 'Unfollow' }).waitFor(LIVE)

    await paul.getByRole('tab', { name: 'My conversations' }).click()
    await listed.waitFor(LIVE)

    // Working in another tab: the customer's next message notifies him.
    await setTabHidden(paul, true)
    await customer.getByRole('textbox', { name: 'Message' }).fill('Any news on my refund?')
    await customer.getByRole('button', { name: 'Send' }).click()
    await paul.waitForFunction(
      () => (window as unknown as { shown: unknown[] }).shown.length === 1,
      null,
      LIVE,
    )
    expect(await notificationsOf(paul)).toEqual([
      { title: '\u2068Carla\u2069 wrote in a conversation you follow', body: 'Any news on my refund?' },
    ])

    await setTabHidden(paul, false)
    await paul.getByRole('button', { name: 'Unfollow' }).click()
    await paul.getByRole('button', { name: 'Follow', exact: true }).waitFor(LIVE)
    await paul.getByRole('tabpanel').getByText('No open conversations. Nice work!').waitFor(LIVE)
    // Still in his team's queue, only no longer his.
    await paul.getByRole('tab', { name: 'Team queues' }).click()
    await listed.waitFor(LIVE)
  })

  it('offers following in German', async () => {
    const page = await signInGermanAgent(world)
    await page.getByRole('link', { name: /Carla/ }).click()
    await page.getByRole('button', { name: 'Folgen', exact: true }).click()
    await page.getByRole('button', { name: 'Nicht mehr folgen' }).click()
    await page.getByRole('button', { name: 'Folgen', exact: true }).waitFor(LIVE)
  })
})
