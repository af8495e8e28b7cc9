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

    // Not a ticket: the customer can still write, and is told that writing reopens it.
    const reopens = customer.getByText('Writing again reopens this conversation.')
    await reopens.waitFor(LIVE)
    expect(
      await customer.getByRole('textbox', { name: 'Message' }).getAttribute('aria-describedby'),
    ).toContain(await reopens.getAttribute('id'))
    await customer.getByRole('textbox', { name: 'Message' }).fill('One more thing')
    await customer.getByRole('button', { name: 'Send' }).click()
    await agent.getByRole('button', { name: 'Close conversation' }).waitFor(LIVE)
    await agent.getByText('One more thing').waitFor(LIVE)
    await reopens.waitFor({ state: 'detached', ...LIVE })
  })

  it('a closed ticket stays locked and does not promise to reopen', async () => {
    const agent = (await newPage(world)).page
    const customer = (await newPage(world)).page
    await signInAgent(agent, world)
    await startCustomerChat(customer, world, 'Tina', 'My invoice is wrong')
    await agent.getByRole('tab', { name: 'From customers' }).click()
    await agent.getByRole('link', { name: /Tina/ }).click()
    await agent.getByRole('button', { name: 'Create ticket' }).click()
    await agent.getByRole('dialog').waitFor()
    await agent.getByRole('button', { name: 'Create ticket' }).last().click()
    await agent.getByRole('dialog').waitFor({ state: 'detached' })
    await agent.getByRole('button', { name: 'Close conversation' }).click()

    await customer.getByRole('button', { name: 'Start a new conversation' }).waitFor(LIVE)
    expect(await customer.getByText('Writing again reopens this conversation.').count()).toBe(0)
    expect(await customer.getByRole('textbox', { name: 'Message' }).count()).toBe(0)
  })
})
