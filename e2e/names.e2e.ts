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

// Names are what people typed, in any script. A bidi override in one ("Bob\u202Eevil" would show as
// "Boblive") is stripped by the server; a right-to-left name is isolated in a <bdi>, so it cannot
// reorder the sentence it sits in ("דנה 2 joined the conversation" keeps its number with the name).

describe.skipIf(!browserAvailable)('names people typed', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it('show as typed, minus direction overrides, each in its own <bdi>, in both apps', async () => {
    const agent = (await newPage(world)).page
    await signInAgent(agent, world)
    await agent.getByRole('link', { name: 'Profile: Admin' }).click()
    await agent.getByRole('textbox', { name: 'Display name' }).fill('דנה 2')
    await agent.getByRole('button', { name: 'Save profile' }).click()
    await agent.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor(LIVE)
    await agent.locator('.me-name bdi', { hasText: 'דנה 2' }).waitFor(LIVE)

    const customer = (await newPage(world)).page
    await startCustomerChat(customer, world, 'Bob\u202Eevil', 'Hello from Bob')
    await agent.getByRole('link', { name: 'Inbox' }).click()
    await agent.getByRole('tab', { name: 'From customers' }).click()
    const row = agent.getByRole('link', { name: /Bobevil/ })
    await row.waitFor(LIVE)
    // The override is gone everywhere the name shows, and the name is isolated in the list and header.
    expect(await row.locator('bdi.row-name').textContent()).toBe('Bobevil')
    await row.click()
    expect(await agent.locator('.conversation-title bdi').textContent()).toBe('Bobevil')
    expect(await agent.locator('bdi.message-author', { hasText: 'Bobevil' }).count()).toBe(1)
    expect(await agent.locator('body').textContent()).not.toContain('\u202E')

    // The agent's right-to-left name in the sentences the customer reads.
    await agent.locator('.composer').getByRole('button', { name: 'Assign to me' }).click()
    const joined = customer.locator('.message-system', { hasText: 'joined the conversation' })
    await joined.first().waitFor(LIVE)
    expect(await joined.first().locator('bdi').textContent()).toBe('דנה 2')
    expect(await customer.locator('.chat-header-status bdi').textContent()).toBe('דנה 2')

    await agent.getByRole('textbox', { name: 'Message' }).fill('Hi Bob')
    await agent.getByRole('button', { name: 'Send', exact: true }).click()
    await customer.locator('bdi.message-author', { hasText: 'דנה 2' }).waitFor(LIVE)

    // And the agent sees the customer typing, by name, isolated.
    await customer.getByRole('textbox', { name: 'Message' }).pressSequentially('Thanks')
    await agent.locator('.typing-text bdi', { hasText: 'Bobevil' }).waitFor(LIVE)
  })
})
