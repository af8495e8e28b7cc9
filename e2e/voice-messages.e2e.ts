import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserAvailable,
  FAKE_MEDIA,
  LIVE,
  newPage,
  signInAgent,
  startCustomerChat,
  startWorld,
  violationsOn,
  type World,
} from './harness.ts'

describe.skipIf(!browserAvailable)('voice messages', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld({}, { browserArgs: FAKE_MEDIA })
  })
  afterAll(() => world?.close())

  it('an agent holds to record and releases to send; the customer plays it; the customer answers by keyboard', async () => {
    const customer = (await newPage(world)).page
    const agent = (await newPage(world)).page
    await startCustomerChat(customer, world, 'Vera', 'Can you call me back?')
    await signInAgent(agent, world)
    await agent.getByRole('tab', { name: 'From customers' }).click()
    await agent.getByRole('link', { name: /Vera/ }).click()
    await agent.locator('.composer').getByRole('button', { name: 'Assign to me' }).click()

    // Press and hold with Chromium's fake microphone, release to send.
    const record = agent.getByRole('button', { name: 'Record voice message' })
    const box = (await record.boundingBox())!
    await agent.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await agent.mouse.down()
    await agent
      .getByRole('status')
      .filter({ hasText: /Recording… 0:0[1-9]/ })
      .waitFor({ timeout: 5_000 })
    expect(await record.getAttribute('aria-pressed')).toBe('true')
    expect(await violationsOn(agent)).toEqual([])
    await agent.mouse.up()
    await agent.locator('.message audio').waitFor(LIVE)

    // The customer sees a voice message with its length and plays it.
    const voice = customer.locator('figure.attachment-audio').filter({ hasText: 'Voice message' })
    await voice.waitFor(LIVE)
    expect(await voice.locator('figcaption').textContent()).toMatch(/Voice message · 0:0[1-9]/)
    const audio = voice.locator('audio')
    expect(await audio.getAttribute('src')).toMatch(/^\/files\/[0-9a-f-]{36}\?key=/)
    await audio.evaluate((element: HTMLAudioElement) => element.play())
    await expect.poll(() => audio.evaluate((element: HTMLAudioElement) => element.currentTime > 0)).toBe(true)
    expect(await audio.evaluate((element: HTMLAudioElement) => element.duration > 0)).toBe(true)
    expect(await violationsOn(customer)).toEqual([])

    // Keyboard: Enter starts, Escape throws the recording away, nothing is sent.
    const customerRecord = customer.getByRole('button', { name: 'Record voice message' })
    await customerRecord.focus()
    await customer.keyboard.press('Enter')
    await customer.getByRole('status').filter({ hasText: 'Recording…' }).waitFor(LIVE)
    await customer.waitForTimeout(800)
    await customer.keyboard.press('Escape')
    await expect.poll(() => customer.locator('.voice-bar').count()).toBe(0)

    // Enter again, then "Send voice message": the agent gets it.
    await customerRecord.focus()
    await customer.keyboard.press('Enter')
    await customer
      .getByRole('status')
      .filter({ hasText: /Recording… 0:01/ })
      .waitFor(LIVE)
    await customer.getByRole('button', { name: 'Send voice message' }).click()
    await customer.locator('.message-mine audio').waitFor(LIVE)
    await expect.poll(() => agent.locator('.message audio').count()).toBe(2)
    await expect.poll(() => customer.locator('audio').count()).toBe(2)

    // Holding and sliding away cancels, as in every messenger: nothing more arrives.
    await agent.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await agent.mouse.down()
    await agent
      .getByRole('status')
      .filter({ hasText: /Recording… 0:01/ })
      .waitFor({ timeout: 5_000 })
    await agent.mouse.move(box.x + box.width / 2 + 120, box.y - 80, { steps: 5 })
    await agent.mouse.up()
    await expect.poll(() => agent.locator('.voice-bar').count()).toBe(0)
    await agent.waitForTimeout(1_000)
    expect(await agent.locator('.message audio').count()).toBe(2)
    expect(await customer.locator('audio').count()).toBe(2)
  })
})
