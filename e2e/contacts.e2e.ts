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

// The contact beside the thread: details the team keeps, the contact's conversations, and rule 7's
// "Block contact", after which the chat takes nothing more from them until unblocked.

describe.skipIf(!browserAvailable)('contacts', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it('edit details beside the thread, find them on the Contacts page, block and unblock', async () => {
    const agent = (await newPage(world)).page
    const customer = (await newPage(world)).page
    await signInAgent(agent, world)
    await startCustomerChat(customer, world, 'Hanna', 'Can I change my plan?')
    await agent.getByRole('tab', { name: 'From customers' }).click()
    await agent.getByRole('link', { name: /Hanna/ }).click()

    const panel = agent.getByRole('complementary', { name: 'Contact details' })
    await panel.getByRole('textbox', { name: 'Company' }).fill('Hanna Bakery')
    await panel.getByRole('button', { name: 'Add field' }).click()
    await panel.getByRole('textbox', { name: 'Field 1 name' }).fill('Plan')
    await panel.getByRole('textbox', { name: 'Field 1 value' }).fill('Basic')
    await panel.getByRole('button', { name: 'Save contact' }).click()
    await panel.getByRole('status').filter({ hasText: 'Saved.' }).waitFor(LIVE)
    await expect.poll(() => panel.getByRole('link', { name: /Can I change my plan/ }).count(), LIVE).toBe(1)

    await agent.getByRole('link', { name: 'Contacts' }).click()
    await agent.getByRole('searchbox', { name: 'Search' }).fill('bakery')
    await agent.getByRole('link', { name: 'Hanna' }).click()
    expect(await agent.getByRole('textbox', { name: 'Field 1 value' }).inputValue()).toBe('Basic')

    await agent.getByRole('button', { name: 'Block contact' }).click()
    await agent.getByText('Blocked', { exact: true }).waitFor(LIVE)
    await customer.getByRole('textbox', { name: 'Message' }).fill('Hello again?')
    await customer.getByRole('button', { name: 'Send' }).click()
    await customer.getByRole('alert').filter({ hasText: "can't be accepted" }).waitFor(LIVE)

    await agent.getByRole('button', { name: 'Unblock contact' }).click()
    await agent.getByRole('button', { name: 'Block contact' }).waitFor(LIVE)
    await customer.getByRole('button', { name: 'Send' }).click()
    await customer.getByText('Hello again?').waitFor(LIVE)
    await agent
      .getByRole('link', { name: /Can I change my plan|Hello again/ })
      .first()
      .click()
    await agent.getByText('Hello again?').waitFor(LIVE)
  })
})
