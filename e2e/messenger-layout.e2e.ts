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

// The messenger as agents shape it: Markdown by button or shortcut, a conversation pane enlarged to the
// full width or reduced, a divider dragged or moved by keyboard — kept for the agent across reloads —
// and a customer chat that works on the narrowest phones.

describe.skipIf(!browserAvailable)('the messenger', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it('formats with Bold, Italic and Link buttons and with Ctrl+B, I, K; the customer sees the formatting', async () => {
    const customer = (await newPage(world)).page
    const agent = (await newPage(world)).page
    await startCustomerChat(customer, world, 'Ola', 'How do I export?')
    await signInAgent(agent, world)
    await agent.getByRole('tab', { name: 'From customers' }).click()
    await agent.getByRole('link', { name: /Ola/ }).click()
    await agent.locator('.composer').getByRole('button', { name: 'Assign to me' }).click()
    const box = agent.getByRole('textbox', { name: 'Message' })
    await box.click()
    await agent.keyboard.press('Control+B')
    await agent.keyboard.type('Settings')
    await agent.keyboard.press('End')
    await agent.keyboard.type(' then ')
    await agent.getByRole('button', { name: 'Italic' }).click()
    await agent.keyboard.type('Export')
    await agent.keyboard.press('End')
    await agent.keyboard.type(', see the guide')
    for (let n = 0; n < 'the guide'.length; n += 1) await agent.keyboard.press('Shift+ArrowLeft')
    await agent.keyboard.press('Control+K')
    await agent.keyboard.type('https://example.com/help')
    expect(await box.inputValue()).toBe(
      '**Settings** then *Export*, see [the guide](https://example.com/help)',
    )
    await agent.getByRole('button', { name: 'Send', exact: true }).click()
    await customer.locator('strong', { hasText: 'Settings' }).waitFor(LIVE)
    await customer.locator('em', { hasText: 'Export' }).waitFor(LIVE)
    expect(await customer.locator('a[href="https://example.com/help"]').textContent()).toBe('the guide')
  })

  it('the conversation pane is enlarged and reduced, the divider moves, and both stay after a reload', async () => {
    const agent = (await newPage(world)).page
    await signInAgent(agent, world)
    await agent.getByRole('tab', { name: 'From customers' }).click()
    await agent.getByRole('link', { name: /Ola/ }).click()
    const list = agent.getByRole('region', { name: 'Conversations' })
    const saved = (content = '') =>
      agent.waitForResponse(
        (response) =>
          response.url().includes('auth.setLayout') &&
          (response.request().postData() ?? '').includes(content),
      )
    const save = saved()
    await agent.getByRole('button', { name: 'Enlarge conversation' }).click()
    await list.waitFor({ state: 'hidden' })
    await save
    await agent.reload()
    await agent.getByRole('button', { name: 'Reduce conversation' }).waitFor(LIVE)
    expect(await list.isVisible()).toBe(false)
    await agent.getByRole('button', { name: 'Reduce conversation' }).click()
    await list.waitFor()

    const divider = agent.getByRole('separator', { name: 'Width of the conversation list' })
    const before = Number(await divider.getAttribute('aria-valuenow'))
    await divider.focus()
    await agent.keyboard.press('ArrowRight')
    await agent.keyboard.press('ArrowRight')
    expect(Number(await divider.getAttribute('aria-valuenow'))).toBe(before + 32)
    const box = await divider.boundingBox()
    await agent.mouse.move((box?.x ?? 0) + 3, (box?.y ?? 0) + 100)
    await agent.mouse.down()
    await agent.mouse.move(250 + 300, (box?.y ?? 0) + 100, { steps: 5 })
    await agent.mouse.up()
    const dragged = Number(await divider.getAttribute('aria-valuenow'))
    const draggedSaved = saved(`"listWidth":${dragged}`)
    expect(dragged).not.toBe(before + 32)
    expect(Math.round((await list.boundingBox())?.width ?? 0)).toBe(dragged)
    // Saved once the dragging settles; a reload brings it back.
    await draggedSaved
    await agent.reload()
    await expect.poll(async () => Number(await divider.getAttribute('aria-valuenow')), LIVE).toBe(dragged)
  })

  it('the customer chat fits a 320 px wide phone without sideways scrolling', async () => {
    const context = await world.browser.newContext({ viewport: { width: 320, height: 640 } })
    const phone = await context.newPage()
    await startCustomerChat(phone, world, 'Tiny Screen', 'A long question about **everything** that wraps')
    await phone.locator('strong', { hasText: 'everything' }).waitFor(LIVE)
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await context.close()
  })
})
