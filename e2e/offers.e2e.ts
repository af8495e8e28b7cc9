import type { Page } from 'playwright-core'
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

// Rule 6 in the browser: Anna offers a ticket to Ben and Paul; both see it offered, nobody can reply;
// Ben accepts first and replies, Paul sees it taken, the customer hears only that Ben joined.

describe.skipIf(!browserAvailable)('ticket offers', () => {
  let world: World
  let anna: Page
  let ben: Page
  let paul: Page
  let customer: Page
  beforeAll(async () => {
    world = await startWorld()
    anna = (await newPage(world)).page
    await signInAgent(anna, world)
    ben = await inviteAgent(anna, world, 'Ben', 'ben@example.com', { support: true })
    paul = await inviteAgent(anna, world, 'Paul', 'paul@example.com', { support: false })
    customer = (await newPage(world)).page
    await startCustomerChat(customer, world, 'Greta', 'My heating is broken')
  })
  afterAll(() => world?.close())

  it('offers a ticket; the first to accept gets it, live for everyone', async () => {
    await anna.getByRole('link', { name: 'Inbox' }).click()
    await anna.getByRole('link', { name: /My heating is broken/ }).click()
    await anna.getByRole('button', { name: 'Create ticket' }).click()
    const create = anna.getByRole('dialog')
    await create.getByLabel('Title').fill('Heating broken')
    await create.getByRole('button', { name: 'Create ticket' }).click()
    await anna.getByText('Ticket #1 created').waitFor(LIVE)

    await anna.getByRole('button', { name: 'Offer ticket' }).click()
    const dialog = anna.getByRole('dialog', { name: 'Offer this ticket' })
    await dialog.getByRole('checkbox', { name: 'Ben' }).check()
    await dialog.getByRole('checkbox', { name: 'Paul' }).check()
    await dialog.getByRole('button', { name: 'Offer ticket' }).click()
    await dialog.waitFor({ state: 'detached' })
    await anna.getByText(/Offered to .?Ben, Paul/).waitFor(LIVE)
    await anna.getByText('This ticket is offered to colleagues. Whoever accepts it replies.').waitFor(LIVE)

    // Paul answers no customers, yet the offer shows among his conversations, live.
    await paul.getByRole('link', { name: /My heating is broken/ }).click()
    await paul.getByText('Offered to you', { exact: true }).waitFor(LIVE)
    await ben.getByRole('link', { name: /My heating is broken/ }).click()
    await ben.getByRole('button', { name: 'Accept' }).click()
    await ben.getByRole('textbox', { name: 'Message' }).fill('I am on it, Greta.')
    await ben.getByRole('button', { name: 'Send', exact: true }).click()

    await customer.getByText(/Ben joined/).waitFor(LIVE)
    await customer.getByText('I am on it, Greta.').waitFor(LIVE)
    expect(await customer.getByText(/Offered/).count()).toBe(0)
    // Paul's Accept is gone: Ben has it now. He no longer sees it at all once it is not offered to him.
    await paul.getByRole('button', { name: 'Accept' }).waitFor({ state: 'detached', ...LIVE })
    await paul.getByRole('link', { name: /My heating is broken/ }).waitFor({ state: 'detached', ...LIVE })
    await anna.getByRole('log').getByText('I am on it, Greta.').waitFor(LIVE)
  })

  it('is in German for a German agent', async () => {
    const customer2 = (await newPage(world)).page
    await startCustomerChat(customer2, world, 'Hans', 'Die Heizung ist kaputt')
    await anna.getByRole('link', { name: 'Inbox' }).click()
    await anna.getByRole('link', { name: /Die Heizung ist kaputt/ }).click()
    await anna.getByRole('button', { name: 'Create ticket' }).click()
    await anna.getByRole('dialog').getByLabel('Title').fill('Heizung')
    await anna.getByRole('dialog').getByRole('button', { name: 'Create ticket' }).click()
    await anna.getByText('Ticket #2 created').waitFor(LIVE)
    await anna.getByRole('button', { name: 'Offer ticket' }).click()
    await anna.getByRole('dialog').getByRole('checkbox', { name: 'Ben' }).check()
    await anna.getByRole('dialog').getByRole('button', { name: 'Offer ticket' }).click()
    const germanBen = await signInGermanAgent(world, {
      email: 'ben@example.com',
      password: 'a password of their own',
    })
    await germanBen.getByRole('link', { name: /Die Heizung ist kaputt/ }).click()
    await germanBen.getByText('Ihnen angeboten', { exact: true }).waitFor(LIVE)
    await germanBen.getByRole('button', { name: 'Annehmen' }).waitFor(LIVE)
  })
})
