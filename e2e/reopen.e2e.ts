import { afterAll, beforeAll, describe, it } from 'vitest'
import {
  browserAvailable,
  LIVE,
  newPage,
  signInAgent,
  startCustomerChat,
  startWorld,
  type World,
} from './harness.ts'

describe.skipIf(!browserAvailable)('a closed plain chat', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it("is reopened by the customer's next message, live in the agent's inbox", async () => {
    const agent = (await newPage(world)).page
    const customer = (await newPage(world)).page
    await signInAgent(agent, world)
    await startCustomerChat(customer, world, 'Tom', 'Quick question about invoices')
    await agent.getByRole('tab', { name: 'From customers' }).click()
    await agent.getByRole('link', { name: /Tom/ }).click()
    await agent.getByRole('button', { name: 'Close conversation' }).click()
    await agent.getByRole('button', { name: 'Reopen' }).waitFor(LIVE)

    // Not a ticket: the customer can still write, and writing reopens it.
    await customer.getByRole('textbox', { name: 'Message' }).fill('One more thing')
    await customer.getByRole('button', { name: 'Send' }).click()
    await agent.getByRole('button', { name: 'Close conversation' }).waitFor(LIVE)
    await agent.getByText('One more thing').waitFor(LIVE)
  })
})
