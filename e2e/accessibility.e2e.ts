import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserAvailable,
  LIVE,
  newPage,
  signInAgent,
  startCustomerChat,
  startWorld,
  violationsOn,
  type World,
} from './harness.ts'

describe.skipIf(!browserAvailable)('accessibility (axe-core, WCAG 2.1 AA)', () => {
  let world: World
  let agent: Page
  let customer: Page

  beforeAll(async () => {
    world = await startWorld()
    agent = (await newPage(world)).page
    customer = (await newPage(world)).page
  })
  afterAll(() => world?.close())

  it('the sign-in page', async () => {
    await agent.goto(`${world.server.url}/login`)
    await agent.getByRole('button', { name: 'Sign in' }).waitFor()
    expect(await violationsOn(agent)).toEqual([])
  })

  it('the chat start page', async () => {
    await customer.goto(`${world.server.url}/chat`)
    await customer.getByRole('button', { name: 'Start chat' }).waitFor()
    expect(await violationsOn(customer)).toEqual([])
  })

  it('the inbox with a conversation open, in reply and in note mode', async () => {
    await startCustomerChat(customer, world, 'Sally', 'My order **never** arrived')
    await signInAgent(agent, world)
    await agent.getByRole('tab', { name: 'From customers' }).click()
    await agent.getByRole('link', { name: /Sally/ }).click()
    await agent.getByRole('button', { name: 'Assign to me' }).first().click()
    await agent.getByRole('textbox', { name: 'Message' }).fill('Sorry, *checking* now')
    await agent.getByRole('button', { name: 'Send', exact: true }).click()
    await agent.getByRole('button', { name: 'Internal note' }).click()
    await agent.getByRole('textbox', { name: 'Message' }).fill('Carrier says Monday')
    await agent.getByRole('button', { name: 'Send', exact: true }).click()
    await agent.getByText('Carrier says Monday').waitFor(LIVE)
    expect(await violationsOn(agent)).toEqual([])
    await agent.getByRole('button', { name: 'Reply' }).click()
    expect(await violationsOn(agent)).toEqual([])
  })

  it('the assign menu and the ticket dialog', async () => {
    await agent.getByRole('button', { name: 'Assign', exact: true }).click()
    await agent.getByRole('menu').waitFor()
    expect(await violationsOn(agent)).toEqual([])
    await agent.keyboard.press('Escape')
    await agent.getByRole('button', { name: 'Create ticket' }).click()
    await agent.getByRole('dialog').waitFor()
    expect(await violationsOn(agent)).toEqual([])
    await agent.getByRole('button', { name: 'Create ticket' }).last().click()
    await agent.getByRole('dialog').waitFor({ state: 'detached' })
  })

  it('the customer chat with replies and updates, and once the ticket is closed', async () => {
    await customer.locator('em', { hasText: 'checking' }).waitFor(LIVE)
    expect(await violationsOn(customer)).toEqual([])
    await agent.getByRole('button', { name: 'Close conversation' }).click()
    await customer.getByRole('button', { name: 'Start a new conversation' }).waitFor(LIVE)
    expect(await violationsOn(customer)).toEqual([])
  })

  it('the closed list', async () => {
    await agent.getByRole('button', { name: 'Closed' }).click()
    await agent.getByRole('link', { name: /Sally/ }).waitFor(LIVE)
    expect(await violationsOn(agent)).toEqual([])
  })

  it('the profile page, and an inbox with customers who gave no name', async () => {
    for (const message of ['Anonymous question', 'Another anonymous one']) {
      const visitor = (await newPage(world)).page
      await startCustomerChat(visitor, world, '', message)
      await visitor.getByText(message).waitFor(LIVE)
    }
    await agent.getByRole('button', { name: 'Open', exact: true }).click()
    await expect.poll(() => agent.getByRole('link', { name: /Visitor [0-9A-F]{4}/ }).count(), LIVE).toBe(2)
    expect(await violationsOn(agent)).toEqual([])
    await agent.getByRole('link', { name: /^Profile/ }).click()
    await agent.getByRole('button', { name: 'Save profile' }).waitFor()
    expect(await violationsOn(agent)).toEqual([])
  })

  it('the settings page with an invite link shown, and the page that link opens', async () => {
    await agent.getByRole('link', { name: 'Settings' }).click()
    await agent.getByRole('button', { name: 'Invite agent' }).waitFor()
    await agent
      .getByRole('form', { name: 'Invite an agent' })
      .getByRole('textbox', { name: 'Name' })
      .fill('Nora Nilsen')
    await agent
      .getByRole('form', { name: 'Invite an agent' })
      .getByRole('textbox', { name: 'Email' })
      .fill('nora@example.com')
    await agent.getByRole('button', { name: 'Invite agent' }).click()
    const link = agent.getByRole('textbox', { name: 'Invite link for Nora Nilsen' })
    await link.waitFor(LIVE)
    expect(await violationsOn(agent)).toEqual([])
    const invited = (await newPage(world)).page
    await invited.goto(await link.inputValue())
    await invited.getByRole('heading', { name: 'Welcome, Nora Nilsen' }).waitFor(LIVE)
    expect(await violationsOn(invited)).toEqual([])
  })

  it('Trash with a deleted conversation in it', async () => {
    await agent.getByRole('link', { name: 'Inbox' }).click()
    await agent.getByRole('button', { name: 'Open', exact: true }).click()
    await agent
      .getByRole('link', { name: /Visitor [0-9A-F]{4}/ })
      .first()
      .click()
    await agent.getByRole('button', { name: 'Delete conversation' }).click()
    await agent.getByRole('link', { name: 'Trash' }).click()
    await agent.getByRole('button', { name: 'Restore' }).waitFor(LIVE)
    expect(await violationsOn(agent)).toEqual([])
  })

  it("the customer's list of their conversations", async () => {
    await customer.getByRole('button', { name: 'Your conversations' }).click()
    await customer.getByRole('heading', { name: 'Your conversations' }).waitFor(LIVE)
    expect(await violationsOn(customer)).toEqual([])
  })
})

describe.skipIf(!browserAvailable)('accessibility of the first start (axe-core, WCAG 2.1 AA)', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld({ ADMIN_EMAIL: '', ADMIN_PASSWORD: '' })
  })
  afterAll(() => world?.close())

  it('the setup page that creates the first admin', async () => {
    const { page } = await newPage(world)
    await page.goto(world.server.setupUrl ?? '')
    await page.getByRole('textbox', { name: 'Email' }).waitFor()
    expect(await violationsOn(page)).toEqual([])
  })
})
