import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, browserAvailable, newPage, startWorld, type World } from './harness.ts'

describe.skipIf(!browserAvailable)('a German browser', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it('gets the inbox in German, with German accessible names, and can switch to English', async () => {
    const { page } = await newPage(world, 'de-DE')
    await page.goto(`${world.server.url}/login`)
    await page.getByLabel('E-Mail').fill(ADMIN.email)
    await page.getByLabel('Passwort').fill(ADMIN.password)
    await page.getByRole('button', { name: 'Anmelden' }).click()
    await page.getByRole('tab', { name: 'Von Kunden' }).waitFor()
    expect(await page.getByRole('tab', { name: 'Meine Unterhaltungen' }).count()).toBe(1)
    expect(await page.locator('html').getAttribute('lang')).toBe('de')

    await page.getByLabel('Sprache').selectOption('en')
    await page.getByRole('tab', { name: 'From customers' }).waitFor()
  })

  it('gets the chat page in German', async () => {
    const { page } = await newPage(world, 'de-DE')
    await page.goto(`${world.server.url}/chat`)
    await page.getByRole('button', { name: 'Chat starten' }).waitFor()
    await page.getByRole('textbox', { name: 'Nachricht' }).waitFor()
  })
})
