import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailable, LIVE, newPage, signInAgent, startWorld, type World } from './harness.ts'

// Issue 11 in the browser, without a mail server: a customer asks for their conversation by email from
// the chat, and the admin finds that mail in the dev outbox (Settings → Outbox), its HTML in a frame
// that runs no script.

describe.skipIf(!browserAvailable)('email without a mail server: the dev outbox', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it('sends the customer their transcript, and the admin reads it in the outbox', async () => {
    const { page: customer } = await newPage(world)
    await customer.goto(`${world.server.url}/chat`)
    await customer.getByLabel('Name').fill('Kim')
    await customer.getByLabel('Email').fill('kim@example.com')
    await customer.getByRole('textbox', { name: 'Message' }).fill('Can I change my delivery address?')
    await customer.getByRole('button', { name: 'Start chat' }).click()
    await customer
      .getByRole('list', { name: 'Messages' })
      .getByText('Can I change my delivery address?')
      .waitFor(LIVE)
    await customer.getByRole('button', { name: 'Email me this conversation' }).click()
    await customer.getByRole('status').getByText('Sent to kim@example.com.').waitFor(LIVE)

    const { page: admin } = await newPage(world)
    await signInAgent(admin, world)
    await admin.getByRole('link', { name: 'Settings' }).click()
    await admin.getByRole('link', { name: 'Open the outbox' }).click()
    const list = admin.getByRole('navigation', { name: 'Mails in the outbox' })
    await list
      .getByText(/Your conversation with/)
      .first()
      .click()
    const frame = admin.frameLocator('.outbox-mail iframe')
    await frame.getByText('Can I change my delivery address?').waitFor(LIVE)
    expect(await admin.locator('.outbox-mail iframe').getAttribute('sandbox')).toBe('')
  })
})
