import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, browserAvailable, newPage, startWorld, type World } from './harness.ts'

async function tryPassword(page: Page, password: string, labels = { email: 'Email', password: 'Password' }) {
  await page.getByLabel(labels.email).fill(ADMIN.email)
  await page.getByLabel(labels.password).fill(password)
  // One answer per attempt: no attempt may be lost to a form still busy with the one before.
  await Promise.all([
    page.waitForResponse((response) => response.url().includes('auth.signIn')),
    page.keyboard.press('Enter'),
  ])
}

describe.skipIf(!browserAvailable)('signing in', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it('after ten wrong passwords even the right one is turned away, with how long to wait, in German too', async () => {
    const { page } = await newPage(world)
    await page.goto(`${world.server.url}/login`)
    for (let attempt = 1; attempt <= 10; attempt++) {
      await tryPassword(page, `wrong-guess-${attempt}`)
      expect(await page.getByRole('alert').textContent()).toBe('Wrong email or password.')
    }

    await tryPassword(page, ADMIN.password)
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Too many attempts. Please try again in 15 minutes.')
    expect(await page.getByRole('navigation').count()).toBe(0)

    const { page: german } = await newPage(world, 'de-DE')
    await german.goto(`${world.server.url}/login`)
    await tryPassword(german, ADMIN.password, { email: 'E-Mail', password: 'Passwort' })
    await expect
      .poll(() => german.getByRole('alert').textContent())
      .toBe('Zu viele Versuche. Bitte versuchen Sie es in 15 Minuten erneut.')
  })
})
