import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserAvailable,
  inviteAgent,
  LIVE,
  newPage,
  signInAgent,
  startWorld,
  type World,
} from './harness.ts'

// Rule 8 in the browser (issue 9, part 5): Anna starts a conversation with Ben; it reaches Ben live under
// "Internal" with an unread count; they talk; Paul, not in it, never sees it; Paul is then asked in.

describe.skipIf(!browserAvailable)('conversations between agents', () => {
  let world: World
  let anna: Page
  let ben: Page
  let paul: Page
  beforeAll(async () => {
    world = await startWorld()
    anna = (await newPage(world)).page
    await signInAgent(anna, world)
    ben = await inviteAgent(anna, world, 'Ben', 'ben@example.com', { support: true })
    paul = await inviteAgent(anna, world, 'Paul', 'paul@example.com', { support: false })
  })
  afterAll(() => world?.close())

  it('reaches the colleague live with an unread count, and only the participants', async () => {
    await ben.getByRole('tab', { name: 'Internal' }).click()
    await anna.getByRole('link', { name: 'Inbox' }).click()
    await anna.getByRole('button', { name: 'New internal conversation' }).click()
    const dialog = anna.getByRole('dialog', { name: 'New internal conversation' })
    await dialog.getByRole('checkbox', { name: 'Ben' }).check()
    await dialog.getByLabel('Subject').fill('Refund policy')
    await dialog.getByLabel('Message').fill('Can we refund after 30 days?')
    await dialog.getByRole('button', { name: 'Start conversation' }).click()
    await anna.getByRole('heading', { name: 'Refund policy' }).waitFor(LIVE)

    const row = ben.getByRole('link', { name: /Refund policy/ })
    await row.waitFor(LIVE)
    await row.getByTitle('1 unread').waitFor(LIVE)
    await row.click()
    await ben.getByRole('log').getByText('Can we refund after 30 days?').waitFor(LIVE)
    await ben.getByRole('textbox', { name: 'Message' }).fill('Yes, once per customer.')
    await ben.getByRole('button', { name: 'Send', exact: true }).click()
    await anna.getByRole('log').getByText('Yes, once per customer.').waitFor(LIVE)

    // Paul is not in it: nothing in any of his lists.
    await paul.getByRole('tab', { name: 'Internal' }).click()
    await paul.getByText('No open conversations.').waitFor(LIVE)
    expect(await paul.getByRole('link', { name: /Refund policy/ }).count()).toBe(0)

    // Named with "@" in the composer, he is asked in and sees all of it, live.
    const box = anna.getByRole('textbox', { name: 'Message' })
    await box.fill('What do you think, @Pa')
    await anna.getByRole('listbox', { name: 'Colleagues' }).getByRole('option', { name: 'Paul' }).click()
    expect(await box.inputValue()).toBe('What do you think, @Paul ')
    await anna.getByText(/Paul.? was added/).waitFor(LIVE)
    await box.press('Enter')
    // Ben's answer came in after Anna opened the conversation: Traffic Cop holds the send until she chooses.
    await anna.getByRole('button', { name: 'Send anyway' }).click()
    await paul.getByRole('link', { name: /Refund policy/ }).click()
    await paul.getByRole('log').getByText('Yes, once per customer.').waitFor(LIVE)
    await paul.getByRole('log').getByText('What do you think, @Paul').waitFor(LIVE)
    // The header lists who is in it; anyone in it may ask another colleague.
    const participants = paul.getByText(/^Participants:/)
    await participants.waitFor(LIVE)
    expect(await participants.textContent()).toMatch(/Ben, Paul$/)
    await paul.getByRole('button', { name: 'Add participant' }).click()
    expect(await paul.getByRole('menuitem', { name: 'Ben' }).count()).toBe(0)
  })
})
