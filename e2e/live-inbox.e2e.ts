import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserAvailable,
  inviteAgent,
  LIVE,
  newPage,
  setTabHidden,
  signInAgent,
  startCustomerChat,
  startWorld,
  type World,
} from './harness.ts'

// Issue 8, part 8: the inbox list follows what happens from the rows the server pushes, without asking
// for the list again after each event. Part 3: colleagues see an agent online, away (inbox open, tab
// unused) or offline.

/** The `conversation.list` requests the page makes from now on. */
function countListFetches(page: Page): () => number {
  let count = 0
  page.on('request', (request) => {
    if (request.url().includes('conversation.list')) count += 1
  })
  return () => count
}

describe.skipIf(!browserAvailable)('the live inbox', () => {
  let world: World
  let admin: Page
  beforeAll(async () => {
    // A short reload grace period: a tab out of use shows "Away" half a second later, not ten.
    world = await startWorld({ PRESENCE_GRACE_MS: '500' })
    admin = (await newPage(world)).page
    await signInAgent(admin, world)
  })
  afterAll(() => world?.close())

  it('shows new chats, messages and unread counts as they come, without fetching the list again', async () => {
    await admin.getByRole('tab', { name: 'From customers' }).waitFor()
    await admin.getByText(/No open conversations/).waitFor(LIVE)
    const listFetches = countListFetches(admin)

    const customer = (await newPage(world)).page
    await startCustomerChat(customer, world, 'Carla', 'Is anyone there?')
    const row = admin.getByRole('link', { name: /Carla/ })
    await row.locator('[data-preview="Is anyone there?"]').waitFor(LIVE)
    await row.getByText('1 unread').waitFor(LIVE)
    for (const [index, text] of ['Hello?', 'My order 4711 is late', 'Please help'].entries()) {
      await customer.getByRole('textbox', { name: 'Message' }).fill(text)
      await customer.getByRole('button', { name: 'Send' }).click()
      await row.locator(`[data-preview="${text}"]`).waitFor(LIVE)
      await row.getByText(`${index + 2} unread`).waitFor(LIVE)
    }
    const second = (await newPage(world)).page
    await startCustomerChat(second, world, 'Dario', 'A second question')
    await admin.getByRole('link', { name: /Dario/ }).waitFor(LIVE)
    // Newest first, as the server would list them.
    const names = await admin.locator('.conversation-list a').allInnerTexts()
    expect(names[0]).toContain('Dario')
    expect(names[1]).toContain('Carla')

    // Opening it reads it: the count goes, from the read's own answer.
    await row.click()
    await admin.getByText('Please help').waitFor(LIVE)
    await expect.poll(() => row.getByText(/unread/).count(), LIVE).toBe(0)
    // Six events and a read, and the list was never asked for again (the list's refresh for time-bound
    // dots, every ten seconds, may have run once).
    expect(listFetches()).toBeLessThanOrEqual(1)
  })

  it('finds a new chat that matches the search on, the one case it asks the server for', async () => {
    await admin.getByRole('link', { name: 'Inbox' }).click()
    await admin.getByRole('searchbox', { name: 'Search' }).fill('parcel')
    await admin.getByText(/No conversation matches/).waitFor(LIVE)
    const customer = (await newPage(world)).page
    await startCustomerChat(customer, world, 'Erik', 'Where is my parcel?')
    await admin.getByRole('link', { name: /Erik/ }).waitFor(LIVE)
    expect(await admin.getByRole('link', { name: /Carla/ }).count()).toBe(0)
    await admin.getByRole('searchbox', { name: 'Search' }).fill('')
  })

  it('finds a conversation by any of its messages, not only the latest, and by a word begun', async () => {
    const search = admin.getByRole('searchbox', { name: 'Search' })
    // "My order 4711 is late" was Carla's third message; her row shows her last, "Please help".
    await search.fill('4711')
    await expect.poll(() => admin.getByRole('link', { name: /Erik|Dario/ }).count(), LIVE).toBe(0)
    await admin.getByRole('link', { name: /Carla/ }).waitFor(LIVE)
    await search.fill('parc')
    await admin.getByRole('link', { name: /Erik/ }).waitFor(LIVE)
    await expect.poll(() => admin.getByRole('link', { name: /Carla/ }).count(), LIVE).toBe(0)
    await search.fill('')
  })

  it('shows a colleague away while their inbox tab is unused, online when they are back', async () => {
    const ben = await inviteAgent(admin, world, 'Ben', 'ben@example.com', { support: true })
    await ben.getByText('Online', { exact: true }).waitFor(LIVE)
    await admin.getByRole('link', { name: 'Inbox' }).click()
    await admin.getByRole('link', { name: /Carla/ }).click()

    const presenceOfBen = async () => {
      await admin.getByRole('button', { name: 'Assign', exact: true }).click()
      const item = admin.getByRole('menuitem', { name: 'Ben' })
      const presence = await item.locator('.presence-dot').getAttribute('title')
      await admin.keyboard.press('Escape')
      return presence
    }
    await expect.poll(presenceOfBen, LIVE).toBe('Online')

    // Ben switches to another tab: his own sidebar says so, and so does the admin's menu.
    await setTabHidden(ben, true)
    await ben.getByText('Away', { exact: true }).waitFor(LIVE)
    await expect.poll(presenceOfBen, LIVE).toBe('Away')

    await setTabHidden(ben, false)
    await ben.mouse.move(10, 10)
    await expect.poll(presenceOfBen, LIVE).toBe('Online')

    await ben.close()
    await expect.poll(presenceOfBen, LIVE).toBe('Offline')
  })
})
