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

// Issue 9, part 1: the Tickets page lists tickets and tasks with filters; a ticket's details change from
// its conversation, each change noted in the thread, the customer told of a new title only.

describe.skipIf(!browserAvailable)('the Tickets page', () => {
  let world: World
  let agent: Page
  let ben: Page
  let customer: Page
  beforeAll(async () => {
    world = await startWorld()
    agent = (await newPage(world)).page
    await signInAgent(agent, world)
    ben = await inviteAgent(agent, world, 'Ben', 'ben@example.com', { support: true })
    await ben.getByRole('link', { name: 'Tickets' }).click()
    await ben.getByText('No tickets match these filters.').waitFor(LIVE)
    await agent.getByRole('link', { name: 'Inbox' }).click()
    customer = (await newPage(world)).page
    await startCustomerChat(customer, world, 'Carla', 'My lamp arrived broken')
  })
  afterAll(() => world?.close())

  const tickets = () => agent.getByRole('table', { name: 'Tickets' })

  it('lists a ticket made from a conversation, and filters by priority and type', async () => {
    await agent.getByRole('link', { name: /Carla/ }).click()
    await agent.getByRole('button', { name: 'Create ticket' }).click()
    const dialog = agent.getByRole('dialog')
    await dialog.getByLabel('Title').fill('Broken lamp')
    await dialog.getByLabel('Priority').selectOption({ label: 'High' })
    await dialog.getByRole('button', { name: 'Create ticket' }).click()
    await agent.getByText('Ticket #1 created').waitFor(LIVE)

    await agent.getByRole('link', { name: 'Tickets' }).click()
    await agent.getByRole('heading', { name: 'Tickets' }).waitFor()
    const row = tickets().getByRole('row').filter({ hasText: 'Broken lamp' })
    await row.waitFor(LIVE)
    expect(await row.getByRole('cell').allTextContents()).toEqual(
      expect.arrayContaining(['#1', 'Broken lamp', 'Carla', 'High', 'Ticket', 'Unassigned', 'Open']),
    )
    const filters = agent.getByRole('form', { name: 'Filter tickets' })
    await filters.getByLabel('Priority').selectOption({ label: 'Urgent' })
    await agent.getByText('No tickets match these filters.').waitFor(LIVE)
    await filters.getByLabel('Priority').selectOption({ label: 'Any' })
    await filters.getByLabel('Type').selectOption({ label: 'Task' })
    await agent.getByText('No tickets match these filters.').waitFor(LIVE)
    await filters.getByLabel('Type').selectOption({ label: 'Ticket' })
    await row.waitFor(LIVE)

    // Ben has had the Tickets page open all along: the new ticket appeared there without a reload.
    await ben.getByRole('table', { name: 'Tickets' }).getByRole('link', { name: 'Broken lamp' }).waitFor(LIVE)
  })

  it('opens the ticket in its messenger, where its details change, each noted in the thread', async () => {
    await tickets().getByRole('link', { name: 'Broken lamp' }).click()
    await agent.getByRole('button', { name: 'Edit ticket' }).click()
    const dialog = agent.getByRole('dialog', { name: 'Edit ticket #1' })
    expect(await dialog.getByLabel('Title').inputValue()).toBe('Broken lamp')
    await dialog.getByLabel('Title').fill('Broken lamp, order 4711')
    await dialog.getByLabel('Priority').selectOption({ label: 'Urgent' })
    await dialog.getByRole('button', { name: 'Save ticket' }).click()
    await dialog.waitFor({ state: 'detached' })
    await agent.getByText(/Ticket renamed: .?Broken lamp, order 4711/).waitFor(LIVE)
    await agent.getByText('Priority set to Urgent').waitFor(LIVE)

    // The customer hears of the new title, not of the triage.
    await customer.getByText(/Your ticket is now called: .?Broken lamp, order 4711/).waitFor(LIVE)
    expect(await customer.getByText(/Urgent|Priority/).count()).toBe(0)

    await agent.getByRole('link', { name: 'Tickets' }).click()
    await agent
      .getByRole('form', { name: 'Filter tickets' })
      .getByLabel('Priority')
      .selectOption({ label: 'Urgent' })
    await tickets().getByRole('link', { name: 'Broken lamp, order 4711' }).waitFor(LIVE)
  })

  it('is in German for a German agent', async () => {
    const german = await signInGermanAgent(world)
    await german.getByRole('link', { name: 'Tickets' }).click()
    await german
      .getByRole('form', { name: 'Tickets filtern' })
      .getByLabel('Priorität', { exact: true })
      .waitFor()
    await german.getByRole('table', { name: 'Tickets' }).getByRole('cell', { name: 'Dringend' }).waitFor(LIVE)
  })
})

// Issue 9, part 2: "Link to ticket" attaches a conversation to an existing ticket, found by number or
// title; its history stays, the customer is told, and a colleague on the ticket sees it linked, live.
describe.skipIf(!browserAvailable)('Link to ticket', () => {
  let world: World
  let anna: Page
  let ben: Page
  beforeAll(async () => {
    world = await startWorld()
    anna = (await newPage(world)).page
    await signInAgent(anna, world)
    ben = await inviteAgent(anna, world, 'Ben', 'ben@example.com', { support: true })
  })
  afterAll(() => world?.close())

  it('links a follow-up chat into the ticket; both ends name each other, the customer is told', async () => {
    const first = (await newPage(world)).page
    await startCustomerChat(first, world, 'Greta', 'My heating is broken')
    await anna.getByRole('link', { name: 'Inbox' }).click()
    await anna.getByRole('link', { name: /My heating is broken/ }).click()
    await anna.getByRole('button', { name: 'Create ticket' }).click()
    const create = anna.getByRole('dialog')
    await create.getByLabel('Title').fill('Heating broken')
    await create.getByRole('button', { name: 'Create ticket' }).click()
    await anna.getByText('Ticket #1 created').waitFor(LIVE)

    // Ben has the ticket open while Anna links the follow-up to it.
    await ben
      .getByRole('link', { name: /My heating is broken|Ticket created/ })
      .first()
      .click()
    await ben.getByText('Ticket #1 created').waitFor(LIVE)

    const followUp = (await newPage(world)).page
    await startCustomerChat(followUp, world, 'Greta', 'Any news about the heating?')
    await anna.getByRole('link', { name: /Any news about the heating/ }).click()
    await anna.getByRole('button', { name: 'Link to ticket' }).click()
    const dialog = anna.getByRole('dialog', { name: 'Link this conversation to a ticket' })
    await dialog.getByLabel('Find a ticket').fill('#1')
    await dialog.getByRole('button', { name: /#1 Heating broken/ }).waitFor(LIVE)
    await dialog.getByLabel('Find a ticket').fill('heat')
    await dialog.getByRole('button', { name: /#1 Heating broken/ }).click()
    await dialog.waitFor({ state: 'detached' })
    await anna.getByText(/Linked to ticket #1: .?Heating broken/).waitFor(LIVE)
    // The history stays where it was written.
    await anna.getByRole('log').getByText('Any news about the heating?').waitFor()
    await anna.getByRole('link', { name: '#1 Heating broken', exact: true }).waitFor(LIVE)

    await ben.getByText('A conversation was linked to this ticket').waitFor(LIVE)
    const linked = ben.getByRole('navigation', { name: 'Linked conversations' })
    await linked.getByRole('link', { name: /Greta/ }).click()
    await ben.getByRole('log').getByText('Any news about the heating?').waitFor(LIVE)

    await followUp.getByText(/Your conversation is now part of ticket #1: .?Heating broken/).waitFor(LIVE)
    expect(await first.getByText('A conversation was linked').count()).toBe(0)
  })
})
