import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADMIN,
  browserAvailable,
  LIVE,
  newPage,
  startCustomerChat,
  startWorld,
  type World,
} from './harness.ts'

/** What the keyboard is on: the element, with its form name, aria-label or text. */
async function focusedControl(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null
    if (!element || element === document.body) return 'nothing'
    const name = element.getAttribute('aria-label') ?? element.textContent?.trim() ?? ''
    return `${element.tagName.toLowerCase()} ${element.getAttribute('name') ?? name}`
  })
}

describe.skipIf(!browserAvailable)('an agent working with the keyboard alone', () => {
  let world: World
  let agent: Page
  let customer: Page
  let otherCustomer: Page

  beforeAll(async () => {
    world = await startWorld()
    agent = (await newPage(world)).page
    customer = (await newPage(world)).page
    otherCustomer = (await newPage(world)).page
  })
  afterAll(() => world?.close())

  it('signs in without reaching for the mouse: the cursor starts in Email', async () => {
    await agent.goto(`${world.server.url}/login`)
    await agent.getByRole('button', { name: 'Sign in' }).waitFor()
    expect(await focusedControl(agent)).toBe('input email')
    await agent.keyboard.type(ADMIN.email)
    await agent.keyboard.press('Tab')
    await agent.keyboard.type(ADMIN.password)
    await agent.keyboard.press('Enter')
    await agent.getByRole('navigation').waitFor()
  })

  it('keeps its place in the list while the list updates live', async () => {
    await startCustomerChat(customer, world, 'Sally', 'Where is my parcel?')
    await startCustomerChat(otherCustomer, world, 'Tom', 'Invoice question')
    await agent.getByRole('tab', { name: 'From customers' }).click()
    const sally = agent.getByRole('link', { name: /Sally/ })
    await sally.focus()
    const before = await focusedControl(agent)

    await otherCustomer.getByRole('textbox', { name: 'Message' }).fill('Are you there?')
    await otherCustomer.getByRole('button', { name: 'Send' }).click()
    await agent.getByRole('link', { name: /Tom/ }).locator('[data-preview="Are you there?"]').waitFor(LIVE)

    expect(await focusedControl(agent)).toBe(before)
    await agent.keyboard.press('Enter')
    await agent.getByRole('heading', { name: 'Sally' }).waitFor(LIVE)
  })

  it('stays on "Close conversation" after closing, as "Reopen", and back', async () => {
    await agent.getByRole('button', { name: 'Close conversation' }).focus()
    await agent.keyboard.press('Enter')
    await agent.getByRole('button', { name: 'Reopen' }).waitFor(LIVE)
    expect(await focusedControl(agent)).toBe('button Reopen')
    await agent.keyboard.press('Enter')
    await agent.getByRole('button', { name: 'Close conversation' }).waitFor(LIVE)
    expect(await focusedControl(agent)).toBe('button Close conversation')
  })
})
