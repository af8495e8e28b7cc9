import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADMIN,
  browserAvailable,
  LIVE,
  newPage,
  signInGermanAgent,
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

  it('works the inbox with single keys: ? lists them, j/k walk, a takes, r writes, Esc leaves, n notes, c closes, / searches', async () => {
    await agent.keyboard.press('?')
    const help = agent.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await help.waitFor(LIVE)
    expect(await help.getByText('Assign to me').count()).toBe(1)
    // While the dialog is open, its keys are its own: j does not move the list behind it.
    await agent.keyboard.press('j')
    await agent.keyboard.press('Escape')
    await help.waitFor({ state: 'hidden', ...LIVE })
    await agent.getByRole('heading', { name: 'Sally' }).waitFor(LIVE)

    // Reopening put Sally on top, Tom below her: j goes down to him, k back up, and the row has the focus.
    await agent.keyboard.press('j')
    await agent.getByRole('heading', { name: 'Tom' }).waitFor(LIVE)
    expect(await focusedControl(agent)).toMatch(/^a .*Tom/)
    await agent.keyboard.press('j')
    await agent.keyboard.press('k')
    await agent.getByRole('heading', { name: 'Sally' }).waitFor(LIVE)
    expect(await focusedControl(agent)).toMatch(/^a .*Sally/)

    await agent.keyboard.press('a')
    await agent.getByRole('button', { name: 'Assign to me' }).waitFor({ state: 'detached', ...LIVE })

    await agent.keyboard.press('r')
    await agent.waitForFunction(() => document.activeElement?.classList.contains('composer-input'))
    await agent.keyboard.type('It left our warehouse today.')
    await agent.keyboard.press('Enter')
    await customer.getByText('It left our warehouse today.').waitFor(LIVE)

    await agent.keyboard.press('Escape')
    expect(await focusedControl(agent)).not.toMatch(/^textarea/)
    await agent.keyboard.press('n')
    await agent.getByRole('button', { name: 'Internal note', pressed: true }).waitFor(LIVE)
    await agent.waitForFunction(() => document.activeElement?.classList.contains('composer-input'))
    await agent.keyboard.type('Tracking number sent.')
    await agent.keyboard.press('Enter')
    await agent.getByText('Tracking number sent.').waitFor(LIVE)
    await agent.keyboard.press('Escape')

    await agent.keyboard.press('c')
    await agent.getByRole('button', { name: 'Reopen' }).waitFor(LIVE)

    await agent.keyboard.press('/')
    expect(await focusedControl(agent)).toBe('input Search')
    // In a field the keys are text again.
    await agent.keyboard.type('jk')
    expect(await agent.getByRole('searchbox', { name: 'Search' }).inputValue()).toBe('jk')
    expect(await customer.getByText('Tracking number sent.').count()).toBe(0)
  })

  it('lists the shortcuts in German', async () => {
    const page = await signInGermanAgent(world)
    await page.getByRole('tab', { name: 'Von Kunden' }).waitFor()
    await page.getByRole('button', { name: 'Tastenkürzel' }).click()
    const help = page.getByRole('dialog', { name: 'Tastenkürzel' })
    await help.getByText('Nächste Unterhaltung').waitFor(LIVE)
    await help.getByRole('button', { name: 'Schließen' }).click()
    await help.waitFor({ state: 'hidden', ...LIVE })
  })
})
