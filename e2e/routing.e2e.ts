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

// Routing (issue 8, part 2): the admin puts a customer's chat into the Billing team's queue; Bill, who
// answers no customers otherwise, finds it under "Team queues", takes it and replies. The customer hears
// who joined, never the routing; a quiet close leaves their thread as it was.

describe.skipIf(!browserAvailable)('routing a conversation to a team', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it('team queue → a member takes it → the customer hears who joined; a quiet close tells them nothing', async () => {
    const admin = (await newPage(world)).page
    await signInAgent(admin, world)
    const bill = await inviteAgent(admin, world, 'Bill Brandt', 'bill@example.com', { support: false })

    await admin.reload()
    await admin.getByRole('textbox', { name: 'New team' }).fill('Billing')
    await admin.getByRole('button', { name: 'Create team' }).click()
    const team = admin.getByRole('form', { name: 'Billing' })
    await team.getByRole('checkbox', { name: 'Bill Brandt' }).check()
    await team.getByRole('button', { name: 'Save team' }).click()
    await admin.getByRole('status').filter({ hasText: 'Saved.' }).first().waitFor(LIVE)

    const customer = (await newPage(world)).page
    await startCustomerChat(customer, world, 'Carla', 'I was charged twice')
    await customer.getByText('I was charged twice').waitFor(LIVE)

    await admin.getByRole('link', { name: 'Inbox' }).click()
    await admin.getByRole('link', { name: /Carla/ }).click()
    await admin.getByRole('heading', { name: 'Carla' }).waitFor(LIVE)
    await admin.getByRole('button', { name: 'Assign', exact: true }).click()
    await admin.getByRole('menuitem', { name: 'Team Billing' }).click()
    await admin.getByText('Moved to the queue of team Billing').waitFor(LIVE)
    await admin.getByText('Team: Billing').waitFor(LIVE)

    // Bill answers no customers: no "From customers" tab, but his team's queue. (A fresh page: the
    // membership counts from his next sign-in or request.)
    await bill.reload()
    expect(await bill.getByRole('tab', { name: 'From customers' }).count()).toBe(0)
    await bill.getByRole('tab', { name: 'Team queues' }).click()
    await bill.getByRole('link', { name: /Carla/ }).click()
    await bill.getByRole('heading', { name: 'Carla' }).waitFor(LIVE)
    await bill.getByRole('button', { name: 'Assign to me' }).first().click()
    const composer = bill.getByRole('textbox', { name: 'Message' })
    await composer.fill('I have refunded the second charge.')
    await composer.press('Enter')

    await customer.getByText('Bill Brandt joined the conversation').waitFor(LIVE)
    await customer.getByText('I have refunded the second charge.').waitFor(LIVE)
    expect(await customer.getByText(/Billing|queue/).count()).toBe(0)

    // The quiet close: the agents see it in the thread, the customer's thread stays as it was.
    await admin.getByRole('button', { name: 'More ways to close' }).click()
    await admin.getByRole('menuitem', { name: 'Close without notifying the customer' }).click()
    await admin.getByText('Conversation closed without notifying the customer').waitFor(LIVE)
    await bill.getByText('Conversation closed without notifying the customer').waitFor(LIVE)
    await customer.reload()
    await customer.getByText('I have refunded the second charge.').waitFor(LIVE)
    // The header may say Closed (it is); the thread gets no "This conversation was closed".
    expect(await customer.getByText('This conversation was closed').count()).toBe(0)
  })

  it('shows the routing in German', async () => {
    const page = await signInGermanAgent(world)
    await page.getByRole('tab', { name: 'Von Kunden' }).click()
    await page.getByRole('button', { name: 'Geschlossen', exact: true }).click()
    await page.getByRole('link', { name: /Carla/ }).click()
    await page.getByText('In die Warteschlange von Team Billing verschoben').waitFor(LIVE)
    await page.getByText('Unterhaltung geschlossen, ohne den Kunden zu benachrichtigen').waitFor(LIVE)
    await page.getByRole('button', { name: 'Zuweisen', exact: true }).click()
    await page.getByRole('menuitem', { name: 'Team Billing' }).waitFor(LIVE)
    await page.getByText('Team-Warteschlangen', { exact: true }).waitFor(LIVE)
  })
})
