import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserAvailable,
  inviteAgent,
  LIVE,
  newPage,
  signInAgent,
  startCustomerChat,
  startWorld,
  type World,
} from './harness.ts'

// Issue 9, parts 6 and 7 in the browser. Anna writes to two customers at once, asking Ben in: each
// customer, on the chat page (one in English, one in German), sees a conversation of their own arrive
// live. Then a customer whose ticket was closed starts a new conversation from it, and an agent finds
// the ticket's history one click away.

describe.skipIf(!browserAvailable)('conversations started by an agent, and after a closed ticket', () => {
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

  /** A customer whose browser speaks German starts a chat. */
  async function germanCustomer(name: string, message: string): Promise<Page> {
    const page = (await newPage(world, 'de-DE')).page
    await page.goto(`${world.server.url}/chat`)
    await page.getByLabel('Name').fill(name)
    await page.getByRole('textbox', { name: 'Nachricht' }).fill(message)
    await page.getByRole('button', { name: 'Chat starten' }).click()
    return page
  }

  it('reaches each chosen customer live in their chat page, in their language; Ben, asked in, has both', async () => {
    const ola = (await newPage(world)).page
    await startCustomerChat(ola, world, 'Ola', 'Where is my parcel?')
    const max = await germanCustomer('Max', 'Hallo')
    await max.getByRole('list', { name: 'Nachrichten' }).getByText('Hallo').waitFor(LIVE)
    await ola.getByRole('list', { name: 'Messages' }).getByText('Where is my parcel?').waitFor(LIVE)
    await ben.getByRole('tab', { name: 'My conversations' }).click()

    await anna.getByRole('link', { name: 'Inbox' }).click()
    await anna.getByRole('button', { name: 'New conversation with customers' }).click()
    const dialog = anna.getByRole('dialog', { name: 'New conversation with customers' })
    const search = dialog.getByRole('searchbox', { name: 'Search contacts' })
    await search.fill('Ola')
    await dialog.getByRole('checkbox', { name: 'Ola' }).check()
    await search.fill('Max')
    await dialog.getByRole('checkbox', { name: 'Max' }).check()
    // The search moved on; Ola stays chosen.
    expect(await dialog.getByRole('checkbox', { name: 'Ola' }).isChecked()).toBe(true)
    await dialog.getByRole('checkbox', { name: 'Ben' }).check()
    await dialog.getByLabel('Subject').fill('Your order')
    await dialog.getByLabel('Message').fill('Your order has shipped today.')
    await dialog.getByRole('button', { name: 'Start conversation' }).click()
    await dialog.waitFor({ state: 'detached' })
    await anna.getByRole('log').getByText('Your order has shipped today.').waitFor(LIVE)

    // Ola is in her own chat: the way back says something new is waiting.
    await ola.getByRole('button', { name: 'Your conversations, 1 unread' }).click()
    await ola.getByRole('link', { name: /Your order.*Your order has shipped today/ }).click()
    await ola.getByRole('list', { name: 'Messages' }).getByText('Your order has shipped today.').waitFor(LIVE)
    await ola.getByRole('textbox', { name: 'Message' }).fill('Thank you!')
    await ola.getByRole('button', { name: 'Send' }).click()
    await anna.getByRole('log').getByText('Thank you!').waitFor(LIVE)

    await max.getByRole('button', { name: 'Ihre Unterhaltungen, 1 ungelesen' }).click()
    await max.getByRole('link', { name: /Your order.*1 ungelesen/ }).click()
    await max
      .getByRole('list', { name: 'Nachrichten' })
      .getByText('Your order has shipped today.')
      .waitFor(LIVE)
    // Neither saw the other's conversation.
    await max.getByRole('button', { name: 'Ihre Unterhaltungen' }).click()
    expect(await max.getByRole('link', { name: /Your order/ }).count()).toBe(1)

    await ben.getByRole('link', { name: /Ola/ }).waitFor(LIVE)
    await ben.getByRole('link', { name: /Max/ }).waitFor(LIVE)
  })

  it('a customer whose ticket was closed starts a new conversation that continues it', async () => {
    const greta = await germanCustomer('Greta', 'Meine Heizung ist kaputt')

    await anna.getByRole('tab', { name: 'From customers' }).click()
    await anna.getByRole('link', { name: /Meine Heizung ist kaputt/ }).click()
    await anna.getByRole('button', { name: 'Create ticket' }).click()
    const create = anna.getByRole('dialog')
    await create.getByLabel('Title').fill('Heating broken')
    await create.getByRole('button', { name: 'Create ticket' }).click()
    await anna.getByText('Ticket #1 created').waitFor(LIVE)
    await anna.getByRole('button', { name: 'Close conversation' }).click()
    await anna.getByRole('button', { name: 'Reopen' }).waitFor(LIVE)

    await greta.getByRole('button', { name: 'Neue Unterhaltung beginnen' }).click()
    await greta.getByText(/setzt Ticket #1 fort/).waitFor(LIVE)
    await greta.getByRole('textbox', { name: 'Nachricht' }).fill('Sie ist wieder kaputt')
    await greta.getByRole('button', { name: 'Chat starten' }).click()
    await greta.getByText(/Diese Unterhaltung setzt Ihr Ticket #1 fort: .?Heating broken/).waitFor(LIVE)
    await greta.getByRole('list', { name: 'Nachrichten' }).getByText('Sie ist wieder kaputt').waitFor(LIVE)

    // Ben opens the new conversation: it says which ticket it continues, one click from its history.
    await ben.getByRole('tab', { name: 'From customers' }).click()
    await ben.getByRole('link', { name: /Sie ist wieder kaputt/ }).click()
    await ben.getByText(/Continues ticket #1: .?Heating broken/).waitFor(LIVE)
    await ben.getByRole('link', { name: '#1 Heating broken', exact: true }).click()
    await ben.getByRole('log').getByText('Meine Heizung ist kaputt').waitFor(LIVE)
    await ben.getByText('A conversation was linked to this ticket').waitFor(LIVE)
  })
})
