import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserAvailable,
  LIVE,
  newPage,
  recordWebSocketFrames,
  signInAgent,
  startCustomerChat,
  startWorld,
  type World,
} from './harness.ts'

async function openConversationOf(agent: Page, customerName: string) {
  await agent.getByRole('tab', { name: 'From customers' }).click()
  await agent.getByRole('link', { name: new RegExp(customerName) }).click()
}

describe.skipIf(!browserAvailable)('an agent and a customer talk', () => {
  let world: World
  let agent: Page
  let customer: Page
  let customerFrames: string[]

  beforeAll(async () => {
    world = await startWorld()
    agent = (await newPage(world)).page
    customer = (await newPage(world)).page
    customerFrames = recordWebSocketFrames(customer)
  })
  afterAll(() => world?.close())

  it('the customer starts a chat and the agent sees it arrive without reloading', async () => {
    await signInAgent(agent, world)
    await agent.getByRole('tab', { name: 'From customers' }).click()
    await startCustomerChat(customer, world, 'Sally', 'My order **never** arrived')
    await expect.poll(() => customer.getByText('never').count(), LIVE).toBeGreaterThan(0)
    await agent.getByRole('link', { name: /Sally/ }).waitFor(LIVE)
    // An agent working in another tab sees that something waits for them.
    await expect.poll(() => agent.title(), LIVE).toBe('(1) Parley')
  })

  it('an unassigned agent is offered "Assign to me" before they can reply', async () => {
    await openConversationOf(agent, 'Sally')
    await expect.poll(() => agent.title(), LIVE).toBe('Parley')
    const thread = agent.getByRole('main')
    await expect.poll(() => thread.locator('strong', { hasText: 'never' }).count(), LIVE).toBe(1)
    await agent.getByRole('button', { name: 'Reply' }).click()
    expect(await agent.getByRole('button', { name: 'Send', exact: true }).count()).toBe(0)
    await agent.getByRole('button', { name: 'Assign to me' }).first().click()
    await agent.getByRole('textbox', { name: 'Message' }).waitFor()
  })

  it("the agent's Markdown reply appears rendered in the customer's chat within a second", async () => {
    await agent.getByRole('textbox', { name: 'Message' }).fill('Sorry about that, *checking* now')
    await agent.getByRole('button', { name: 'Send', exact: true }).click()
    await customer.locator('em', { hasText: 'checking' }).waitFor(LIVE)
    // Rule 14: the customer learns who joined from the messenger itself.
    await customer
      .getByText(/joined/)
      .first()
      .waitFor(LIVE)
  })

  it("a reply the customer has not seen yet shows in the chat tab's title until they open it", async () => {
    await customer.getByRole('button', { name: 'Your conversations' }).click()
    await agent.getByRole('textbox', { name: 'Message' }).fill('Is the address on the order right?')
    await agent.getByRole('button', { name: 'Send', exact: true }).click()
    await expect.poll(() => customer.title(), LIVE).toBe('(1) Support')
    await customer.getByRole('link', { name: /address on the order/ }).click()
    await customer.getByText('Is the address on the order right?').waitFor(LIVE)
    await expect.poll(() => customer.title(), LIVE).toBe('Support')
  })

  it("the customer's answer appears in the agent's thread without reloading", async () => {
    await customer.getByRole('textbox', { name: 'Message' }).fill('Thanks, order 4711')
    await customer.getByRole('button', { name: 'Send' }).click()
    await agent.getByText('Thanks, order 4711').waitFor(LIVE)
    // The agent is reading it as it arrives: once the list has caught up with the message, its row must
    // not show it as unread or new (checked once, not polled: a badge that goes away later still flashed).
    const row = agent.getByRole('link', { name: /Sally/ })
    await row.locator('[data-preview="Thanks, order 4711"]').waitFor(LIVE)
    expect(await row.locator('.unread-badge').count()).toBe(0)
    expect(await row.getByRole('img', { name: 'New' }).count()).toBe(0)
  })

  it('an internal note never reaches the customer, not even as a WebSocket frame', async () => {
    const secret = 'NOTE-customer-is-on-the-watchlist'
    await agent.getByRole('button', { name: 'Internal note' }).click()
    await agent.getByRole('textbox', { name: 'Message' }).pressSequentially('typing a note ')
    await agent.getByRole('textbox', { name: 'Message' }).fill(secret)
    await agent.getByRole('button', { name: 'Send', exact: true }).click()
    await agent.getByText(secret).waitFor(LIVE)
    // A reply sent after the note proves the customer's stream was live all along.
    await agent.getByRole('button', { name: 'Reply' }).click()
    await agent.getByRole('textbox', { name: 'Message' }).fill('Found it, shipping today')
    await agent.getByRole('button', { name: 'Send', exact: true }).click()
    await customer.getByText('Found it, shipping today').waitFor(LIVE)

    expect(customerFrames.length).toBeGreaterThan(0)
    expect(customerFrames.filter((frame) => frame.includes(secret))).toEqual([])
    expect(customerFrames.filter((frame) => frame.includes('typing a note'))).toEqual([])
    expect(await customer.getByText(secret).count()).toBe(0)
    expect(await customer.content()).not.toContain(secret)
  })

  it('a closed ticket takes no more customer messages and offers a new conversation', async () => {
    await agent.getByRole('button', { name: 'Create ticket' }).click()
    const dialog = agent.getByRole('dialog')
    await dialog.getByLabel('Title').fill('Lost parcel 4711')
    await dialog.getByRole('button', { name: 'Create ticket' }).click()
    await agent.getByText(/#1/).first().waitFor(LIVE)
    await agent.getByRole('button', { name: 'Close conversation' }).click()
    await agent.getByRole('button', { name: 'Reopen' }).waitFor(LIVE)

    await customer.getByRole('button', { name: 'Start a new conversation' }).waitFor(LIVE)
    expect(await customer.getByRole('textbox', { name: 'Message' }).count()).toBe(0)

    await customer.getByRole('button', { name: 'Start a new conversation' }).click()
    await customer.getByRole('textbox', { name: 'Message' }).fill('Another question')
    await customer.getByRole('button', { name: 'Start chat' }).click()
    await customer.getByText('Another question').waitFor(LIVE)
  })

  it('the customer finds the conversation again after a reload in the same browser', async () => {
    await customer.reload()
    await customer.getByText('Another question').waitFor(LIVE)
  })
})
