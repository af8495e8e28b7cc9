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

describe.skipIf(!browserAvailable)('the composer before assignment', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it('offers both ways on: assigning oneself, or writing an internal note in a focused box', async () => {
    const customer = (await newPage(world)).page
    const agent = (await newPage(world)).page
    await startCustomerChat(customer, world, 'Nina', 'Can someone look at my refund?')
    await signInAgent(agent, world)
    await agent.getByRole('tab', { name: 'From customers' }).click()
    await agent.getByRole('link', { name: /Nina/ }).click()

    const composer = agent.locator('.composer')
    await composer.getByRole('button', { name: 'Assign to me' }).waitFor(LIVE)
    const noteInstead = composer.getByRole('button', { name: 'Write an internal note instead' })
    expect(await noteInstead.isVisible()).toBe(true)
    expect(await agent.getByRole('textbox', { name: 'Message' }).count()).toBe(0)

    await noteInstead.click()
    const box = agent.getByRole('textbox', { name: 'Message' })
    await box.waitFor()
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(
      await composer.getByRole('button', { name: 'Internal note', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true')
    await agent.keyboard.type('Refund was approved yesterday')
    await agent.keyboard.press('Enter')
    await agent.locator('.message--note', { hasText: 'Refund was approved yesterday' }).waitFor(LIVE)

    // Back to Reply: the prompt, with both choices, is there again.
    await composer.getByRole('button', { name: 'Reply' }).click()
    await composer.getByRole('button', { name: 'Assign to me' }).click()
    await agent.getByRole('textbox', { name: 'Message' }).waitFor(LIVE)
    expect(await noteInstead.count()).toBe(0)
  })
})
