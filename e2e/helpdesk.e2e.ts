import { afterAll, beforeAll, describe, it } from 'vitest'
import { browserAvailable, LIVE, newPage, signInAgent, startWorld, type World } from './harness.ts'

// Presence and the helpdesk switch (issue 8, part 3) as the customer sees them on the chat page.

describe.skipIf(!browserAvailable)('whether the helpdesk answers now', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it('offline with nobody there, online once an agent opens the inbox, offline by the admin’s switch', async () => {
    const customer = (await newPage(world)).page
    await customer.goto(`${world.server.url}/chat`)
    const banner = customer.getByRole('status').filter({ hasText: /reply/ })
    await banner
      .filter({ hasText: 'We are offline. Leave a message and we reply as soon as we are back.' })
      .waitFor(LIVE)

    const admin = (await newPage(world)).page
    await signInAgent(admin, world)
    await customer.reload()
    await banner.filter({ hasText: 'We usually reply in a few minutes.' }).waitFor(LIVE)

    await admin.getByRole('link', { name: 'Settings' }).click()
    const helpdesk = admin.getByRole('form', { name: 'Helpdesk' })
    await helpdesk.getByRole('checkbox', { name: 'Helpdesk online' }).uncheck()
    await helpdesk
      .getByRole('textbox', { name: 'Message while offline' })
      .fill('Back on Monday at 9 — leave us a message.')
    await helpdesk.getByRole('button', { name: 'Save helpdesk' }).click()
    await helpdesk.getByRole('status').filter({ hasText: 'Saved.' }).waitFor(LIVE)
    await customer.reload()
    await customer
      .getByRole('status')
      .filter({ hasText: 'Back on Monday at 9 — leave us a message.' })
      .waitFor(LIVE)

    await helpdesk.getByRole('checkbox', { name: 'Helpdesk online' }).check()
    await helpdesk.getByRole('button', { name: 'Save helpdesk' }).click()
    await helpdesk.getByRole('status').filter({ hasText: 'Saved.' }).waitFor(LIVE)
    const german = (await newPage(world, 'de-DE')).page
    await german.goto(`${world.server.url}/chat`)
    await german
      .getByRole('status')
      .filter({ hasText: 'Wir antworten meist innerhalb weniger Minuten.' })
      .waitFor(LIVE)
  })
})
