import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserAvailable,
  LIVE,
  newPage,
  signInAgent,
  signInGermanAgent,
  startCustomerChat,
  startWorld,
  violationsOn,
  type World,
} from './harness.ts'

async function saveTextBlock(page: Page, title: string, body: string, shared: boolean) {
  await page.getByLabel('Title', { exact: true }).fill(title)
  await page.getByLabel('Text (Markdown)', { exact: true }).fill(body)
  if (shared) await page.getByLabel('Shared with the whole team').check()
  await page.getByRole('button', { name: 'Save text block' }).click()
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor(LIVE)
}

describe.skipIf(!browserAvailable)('text blocks', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it('an agent saves replies, inserts them with their variables filled in, adapts them and sends', async () => {
    const customer = (await newPage(world)).page
    const agent = (await newPage(world)).page
    await startCustomerChat(customer, world, 'Olga', 'Where is my order?')
    await signInAgent(agent, world)
    const agentName = (await agent.locator('.me-name bdi').textContent()) ?? ''

    // Two blocks on the Text blocks page: a shared greeting and a personal sign-off.
    await agent.getByRole('link', { name: 'Text blocks' }).click()
    await agent.getByRole('heading', { name: 'New text block' }).waitFor(LIVE)
    await saveTextBlock(agent, 'Greeting', 'Hello {{contact.name}}, this is {{agent.name}}.', true)
    await saveTextBlock(agent, 'Thanks', 'Thanks for your patience!', false)
    const list = agent.getByRole('list').filter({ hasText: 'Greeting' })
    await list.getByText('Thanks for your patience!').waitFor()
    await list.getByText('Personal').waitFor()
    expect(await violationsOn(agent)).toEqual([])

    // Change one: the list shows the new words.
    await list
      .getByRole('listitem')
      .filter({ hasText: 'Thanks' })
      .getByRole('button', { name: 'Edit' })
      .click()
    await agent
      .getByLabel('Text (Markdown)', { exact: true })
      .fill('Thanks for your patience, {{contact.name}}!')
    await agent.getByRole('button', { name: 'Save text block' }).click()
    await list.getByText('Thanks for your patience, {{contact.name}}!').waitFor(LIVE)

    await agent.getByRole('link', { name: 'Inbox' }).click()
    await agent.getByRole('tab', { name: 'From customers' }).click()
    await agent.getByRole('link', { name: /Olga/ }).click()
    await agent.locator('.composer').getByRole('button', { name: 'Assign to me' }).click()
    const box = agent.getByRole('textbox', { name: 'Message' })
    await box.waitFor(LIVE)

    // "Insert text block": search, choose; the variables are filled in and the text is editable.
    await agent.getByRole('button', { name: 'Insert text block' }).click()
    const dialog = agent.getByRole('dialog')
    await dialog.getByLabel('Search text blocks').fill('greet')
    await expect.poll(() => dialog.getByRole('button', { name: /Thanks/ }).count()).toBe(0)
    expect(await violationsOn(agent)).toEqual([])
    await dialog.getByRole('button', { name: /Greeting/ }).click()
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(() => box.inputValue()).toBe(`Hello Olga, this is ${agentName}.`)
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true)
    await agent.keyboard.type(' Your parcel left today.')
    await agent.keyboard.press('Enter')
    await customer.getByText(`Hello Olga, this is ${agentName}. Your parcel left today.`).waitFor(LIVE)

    // Typing "/" at the start opens the same list inline; arrows choose, Enter inserts.
    await box.fill('/')
    const menu = agent.getByRole('listbox', { name: 'Text blocks' })
    await menu.waitFor(LIVE)
    expect(await menu.getByRole('option').count()).toBe(2)
    // What follows the slash searches titles and texts ("th" would still find "this is" in the greeting).
    await box.pressSequentially('than')
    await expect.poll(() => menu.getByRole('option').count()).toBe(1)
    expect(await violationsOn(agent)).toEqual([])
    await box.press('Enter')
    await expect.poll(() => box.inputValue()).toBe('Thanks for your patience, Olga!')
    await expect.poll(() => menu.count()).toBe(0)
    await box.press('Enter')
    await customer.getByText('Thanks for your patience, Olga!').waitFor(LIVE)

    // Escape closes the menu and leaves what was typed, which then sends as it is.
    await box.fill('/shrug')
    await box.press('Escape')
    await expect.poll(() => menu.count()).toBe(0)
    expect(await box.inputValue()).toBe('/shrug')
  })

  it('is in German for a German agent', async () => {
    const page = await signInGermanAgent(world)
    await page.getByRole('link', { name: 'Textbausteine' }).click()
    await page.getByRole('heading', { name: 'Neuer Textbaustein' }).waitFor()
    await page.getByRole('searchbox', { name: 'Textbausteine durchsuchen' }).fill('Gruß')
    await page.getByText('Kein Textbaustein passt.').waitFor()
    expect(await violationsOn(page)).toEqual([])
  })
})
