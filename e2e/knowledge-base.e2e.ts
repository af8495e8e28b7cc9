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

describe.skipIf(!browserAvailable)('the knowledge base', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it('an agent publishes an article, sends a text block with a link to it in their own words, and the customer follows it', async () => {
    const customer = (await newPage(world)).page
    const agent = (await newPage(world)).page
    await startCustomerChat(customer, world, 'Olga', 'How do I send my parcel back?')
    await signInAgent(agent, world)

    // Write and publish the article in the Knowledge base page.
    await agent.getByRole('link', { name: 'Knowledge base' }).click()
    await agent.getByRole('link', { name: 'New article' }).click()
    await agent.getByLabel('Title').fill('Returning a parcel')
    await agent.getByLabel('Category').fill('Orders')
    await agent.getByLabel('Article text (Markdown)').fill('## Steps\n\n1. Pack it\n2. **Drop it off**')
    await agent.locator('.kb-preview-body strong', { hasText: 'Drop it off' }).waitFor()
    await agent.getByRole('button', { name: 'Save' }).click()
    await agent.waitForURL(/\/knowledge-base\/[0-9a-f-]{36}$/, LIVE)
    expect(await agent.getByLabel('Slug').inputValue()).toBe('returning-a-parcel')
    await agent.getByRole('button', { name: 'Publish' }).click()
    await agent.getByRole('button', { name: 'Unpublish' }).waitFor(LIVE)
    await agent.getByRole('link', { name: /Returning a parcel/ }).waitFor()
    expect(await violationsOn(agent)).toEqual([])

    // A text block to start the reply with (text-blocks.e2e.ts tries them in full).
    await agent.getByRole('link', { name: 'Text blocks' }).click()
    // The article editor has a "Title" too: wait for the page before filling anything in.
    await agent.getByRole('heading', { name: 'New text block' }).waitFor(LIVE)
    await agent.getByLabel('Title', { exact: true }).fill('Here you go')
    await agent.getByLabel('Text (Markdown)', { exact: true }).fill('Here you go, {{contact.name}}:')
    await agent.getByRole('button', { name: 'Save text block' }).click()
    await agent.getByRole('status').filter({ hasText: 'Saved.' }).waitFor(LIVE)

    // Start with the text block, insert a link to the article, change its words, send.
    await agent.getByRole('link', { name: 'Inbox' }).click()
    await agent.getByRole('tab', { name: 'From customers' }).click()
    await agent.getByRole('link', { name: /Olga/ }).click()
    await agent.locator('.composer').getByRole('button', { name: 'Assign to me' }).click()
    const box = agent.getByRole('textbox', { name: 'Message' })
    await box.waitFor(LIVE)
    await box.fill('/here')
    await agent.getByRole('option', { name: /Here you go/ }).click()
    await expect.poll(() => box.inputValue()).toBe('Here you go, Olga:')
    await agent.keyboard.type(' ')
    await agent.getByRole('button', { name: 'Send knowledge base link' }).click()
    const dialog = agent.getByRole('dialog')
    await dialog.getByLabel('Search articles').fill('parcel')
    await dialog.getByRole('button', { name: /Returning a parcel/ }).waitFor()
    expect(await violationsOn(agent)).toEqual([])
    await dialog.getByRole('button', { name: /Returning a parcel/ }).click()
    await dialog.waitFor({ state: 'detached' })
    const url = `${world.server.url}/kb/returning-a-parcel`
    expect(await box.inputValue()).toBe(`Here you go, Olga: [[${url} | Returning a parcel]]`)
    // The link text is selected: typing replaces it.
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true)
    await agent.keyboard.type('our returns guide')
    expect(await box.inputValue()).toBe(`Here you go, Olga: [[${url} | our returns guide]]`)
    await agent.keyboard.press('Enter')
    await agent.locator('.message a', { hasText: 'our returns guide' }).waitFor(LIVE)

    // The customer sees a working link with the agent's words.
    await customer.getByText('Here you go, Olga:').waitFor(LIVE)
    const link = customer.getByRole('link', { name: 'our returns guide' })
    await link.waitFor(LIVE)
    expect(await link.getAttribute('href')).toBe(url)
    expect(await customer.getByText('[[').count()).toBe(0)

    // Without JavaScript: the article, and the search that finds it.
    const response = await fetch(url)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<h1>Returning a parcel</h1>')
    const context = await world.browser.newContext({ javaScriptEnabled: false, locale: 'en-US' })
    try {
      const reader = await context.newPage()
      await reader.goto(url)
      await reader.getByRole('heading', { name: 'Returning a parcel', level: 1 }).waitFor()
      await reader.locator('strong', { hasText: 'Drop it off' }).waitFor()
      await reader.getByRole('link', { name: /All articles/ }).click()
      await reader.getByRole('heading', { name: 'Orders' }).waitFor()
      await reader.getByRole('searchbox', { name: 'Search' }).fill('parcel')
      await reader.getByRole('button', { name: 'Search' }).click()
      await reader.waitForURL(/\/kb\?q=parcel/)
      await reader.getByRole('link', { name: 'Returning a parcel' }).click()
      await reader.getByRole('heading', { name: 'Returning a parcel', level: 1 }).waitFor()
    } finally {
      await context.close()
    }

    // axe needs scripts of its own: the public pages are checked in an ordinary page.
    const checker = (await newPage(world)).page
    for (const path of ['/kb/returning-a-parcel', '/kb?q=parcel', '/kb']) {
      await checker.goto(`${world.server.url}${path}`)
      expect({ path, violations: await violationsOn(checker) }).toEqual({ path, violations: [] })
    }
  })

  it('is in German for a German agent and reader', async () => {
    const page = await signInGermanAgent(world)
    await page.getByRole('link', { name: 'Wissensdatenbank' }).click()
    await page.getByRole('link', { name: 'Neuer Artikel' }).click()
    await page.getByLabel('Titel').fill('Rückgabe')
    await page.getByRole('button', { name: 'Speichern' }).click()
    await page.getByRole('button', { name: 'Veröffentlichen' }).click()
    await page.getByRole('button', { name: 'Veröffentlichung zurückziehen' }).waitFor(LIVE)
    expect(await page.getByLabel('Slug').inputValue()).toBe('rueckgabe')

    const customer = (await newPage(world, 'de-DE')).page
    await customer.goto(`${world.server.url}/chat`)
    await customer.getByLabel('Name').fill('Greta')
    await customer.getByRole('textbox', { name: 'Nachricht' }).fill('Wie schicke ich etwas zurück?')
    await customer.getByRole('button', { name: 'Chat starten' }).click()
    await page.getByRole('link', { name: 'Posteingang' }).click()
    await page.getByRole('tab', { name: 'Von Kunden' }).click()
    await page.getByRole('link', { name: /Greta/ }).click()
    await page.locator('.composer').getByRole('button', { name: 'Interne Notiz', exact: true }).click()
    await page.getByRole('button', { name: 'Wissensdatenbank-Link senden' }).click()
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /Rückgabe/ })
      .click()
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Nachricht' }).inputValue())
      .toBe(`[[${world.server.url}/kb/rueckgabe | Rückgabe]]`)

    await page.goto(`${world.server.url}/kb/rueckgabe`)
    expect(await page.locator('html').getAttribute('lang')).toBe('de')
    await page.getByRole('link', { name: /Alle Artikel/ }).waitFor()
    await page.getByRole('searchbox', { name: 'Suchen' }).waitFor()
    await page.goto(`${world.server.url}/kb/gibt-es-nicht`)
    await page.getByRole('heading', { name: 'Artikel nicht gefunden' }).waitFor()
    expect(await violationsOn(page)).toEqual([])
  })
})
