import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserAvailable,
  LIVE,
  newPage,
  signInAgent,
  startCustomerChat,
  startWorld,
  type World,
} from './harness.ts'

// Rule 5: "Delete conversation" moves it to Trash, gone from the inbox, its search and the customer's
// chat; an admin restores it with every message.

describe.skipIf(!browserAvailable)('Trash', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it('delete → gone from inbox, search and the customer; restore → back with all its messages', async () => {
    const agent = (await newPage(world)).page
    const customer = (await newPage(world)).page
    await signInAgent(agent, world)
    await startCustomerChat(customer, world, 'Gustav', 'Where is my refund?')
    await agent.getByRole('tab', { name: 'From customers' }).click()
    await agent.getByRole('link', { name: /Gustav/ }).click()
    await agent.locator('.composer').getByRole('button', { name: 'Assign to me' }).click()
    await agent.getByRole('textbox', { name: 'Message' }).fill('Checking the refund now')
    await agent.getByRole('button', { name: 'Send', exact: true }).click()
    await customer.getByText('Checking the refund now').waitFor(LIVE)

    await agent.getByRole('button', { name: 'Delete conversation' }).click()
    await agent.getByRole('link', { name: /Gustav/ }).waitFor({ state: 'detached', ...LIVE })
    await agent.getByRole('searchbox').fill('refund')
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(await agent.getByRole('link', { name: /Gustav/ }).count()).toBe(0)
    // The customer's open chat goes away, live, to their list, where it is not either.
    await customer.getByText('Checking the refund now').waitFor({ state: 'detached', ...LIVE })
    expect(await customer.getByText('Where is my refund?').count()).toBe(0)

    await agent.getByRole('link', { name: 'Trash' }).click()
    const row = agent.getByRole('listitem').filter({ hasText: 'Gustav' })
    await row.waitFor(LIVE)
    await row.getByRole('button', { name: 'Restore' }).click()
    await agent.getByText('Trash is empty.').waitFor(LIVE)

    await agent.getByRole('link', { name: 'Inbox' }).click()
    await agent.getByRole('searchbox').fill('')
    await agent.getByRole('link', { name: /Gustav/ }).click()
    const thread = agent.getByRole('log')
    await thread.getByText('Where is my refund?').waitFor(LIVE)
    await thread.getByText('Checking the refund now').waitFor(LIVE)
    await customer.reload()
    await customer
      .getByText(/Where is my refund\?|Checking the refund now/)
      .first()
      .waitFor(LIVE)
  })
})
