import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserAvailable,
  inviteAgent,
  LIVE,
  newPage,
  signInAgent,
  signInGermanAgent,
  startCustomerChat,
  startWorld,
  type World,
} from './harness.ts'

// Collision detection and Traffic Cop (issue 8, part 4): two agents in one conversation see each other
// viewing and typing; a reply into a thread a colleague has written in since is held for review.

describe.skipIf(!browserAvailable)('two agents in one conversation', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it('see each other viewing and typing a note; a send into new activity is held until reviewed', async () => {
    const admin = (await newPage(world)).page
    await signInAgent(admin, world)
    const ben = await inviteAgent(admin, world, 'Ben Berg', 'ben@example.com', { support: true })
    const customer = (await newPage(world)).page
    await startCustomerChat(customer, world, 'Carla', 'My order never came')
    await customer.getByText('My order never came').waitFor(LIVE)

    await admin.getByRole('link', { name: 'Inbox' }).click()
    await admin.getByRole('link', { name: /Carla/ }).click()
    await admin.getByRole('heading', { name: 'Carla' }).waitFor(LIVE)
    await admin.getByRole('button', { name: 'Assign to me' }).first().click()
    await admin.getByRole('textbox', { name: 'Message' }).waitFor(LIVE)

    await ben.getByRole('tab', { name: 'From customers' }).click()
    await ben.getByRole('link', { name: /Carla/ }).click()
    await admin.getByText('Ben Berg is viewing').waitFor(LIVE)
    await ben.getByText('Admin is viewing').waitFor(LIVE)

    // Ben starts a note: Admin sees what kind of message is coming.
    await ben.getByRole('button', { name: 'Internal note', exact: true }).click()
    const benBox = ben.getByRole('textbox', { name: 'Message' })
    await benBox.pressSequentially('VIP customer, ')
    await admin.getByText('Ben Berg is typing a note…').waitFor(LIVE)
    await benBox.pressSequentially('refund at once')
    await benBox.press('Enter')
    await admin.getByText('VIP customer, refund at once').waitFor(LIVE)

    // Admin opened the thread before that note: the reply is held, nothing reaches the customer.
    const adminBox = admin.getByRole('textbox', { name: 'Message' })
    await adminBox.fill('We will send a new one.')
    await adminBox.press('Enter')
    const hold = admin.getByRole('alert').filter({ hasText: 'New activity — review before sending' })
    await hold.waitFor(LIVE)
    expect(await adminBox.inputValue()).toBe('We will send a new one.')
    await admin.waitForTimeout(300)
    expect(await customer.getByText('We will send a new one.').count()).toBe(0)

    // Review: the hold goes, the draft stays; the next Enter sends.
    await hold.getByRole('button', { name: 'Review' }).click()
    await hold.waitFor({ state: 'detached', ...LIVE })
    await adminBox.press('Enter')
    await customer.getByText('We will send a new one.').waitFor(LIVE)

    // Ben's next note is held too: Admin replied since Ben last wrote. He sends it anyway.
    await benBox.fill('Refund booked')
    await benBox.press('Enter')
    await ben
      .getByRole('alert')
      .filter({ hasText: 'New activity — review before sending' })
      .getByRole('button', { name: 'Send anyway' })
      .click()
    await admin.getByText('Refund booked').waitFor(LIVE)
    // And so is Admin's, this time sent anyway.
    await adminBox.fill('And your money is on its way back.')
    await adminBox.press('Enter')
    await hold.getByRole('button', { name: 'Send anyway' }).click()
    await customer.getByText('And your money is on its way back.').waitFor(LIVE)
    // The customer never learns who was looking or noting.
    expect(await customer.getByText(/viewing|VIP|Refund booked/).count()).toBe(0)

    // In German, a third window sees Ben viewing.
    const german = await signInGermanAgent(world)
    await german.getByRole('link', { name: /Carla/ }).click()
    await german.getByText('Ben Berg sieht sich das an').waitFor(LIVE)
    await german.close()

    // Ben leaves: Admin's "is viewing" goes at once, not after the time-out.
    await ben.getByRole('link', { name: 'Inbox' }).click()
    await admin.getByText('Ben Berg is viewing').waitFor({ state: 'detached', ...LIVE })
  })
})
