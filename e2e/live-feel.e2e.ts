import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserAvailable,
  inviteAgent,
  LIVE,
  newPage,
  recordWebSocketFrames,
  signInAgent,
  startCustomerChat,
  startWorld,
  type World,
} from './harness.ts'

// Issue 10, part 2 in the browser: "Seen" both ways, typing a reply (shown to the customer) or a note
// (never), and a message that could not be sent staying in the chat with Retry.

/** The clientIds of the `customer.send` calls in one frame the chat page sends over its socket. */
function sendsIn(frame: string | Buffer): string[] {
  if (typeof frame !== 'string' || !frame.includes('"customer.send"')) return []
  const parsed = JSON.parse(frame) as unknown
  const calls = (Array.isArray(parsed) ? parsed : [parsed]) as Array<{
    params?: { path?: string; input?: { json?: { clientId?: string } } }
  }>
  return calls.flatMap((call) =>
    call.params?.path === 'customer.send' && call.params.input?.json?.clientId
      ? [call.params.input.json.clientId]
      : [],
  )
}

/**
 * A chat page whose socket runs through the test: it can hold the next message the customer sends and
 * then drop the connection with it, as a train going into a tunnel does. The server never gets it.
 */
async function chatPageWithFlakySocket(world: World, locale?: string) {
  const { page } = await newPage(world, locale)
  const sent: string[] = []
  let holdNext = false
  let held: { clientId: string; drop(): Promise<void> } | null = null
  await page.routeWebSocket(/\/api\/trpc/, (socket) => {
    const server = socket.connectToServer()
    socket.onMessage((frame) => {
      const clientIds = sendsIn(frame)
      sent.push(...clientIds)
      const [clientId] = clientIds
      if (holdNext && clientId) {
        holdNext = false
        held = {
          clientId,
          drop: async () => {
            await socket.close()
            await server.close()
          },
        }
        return
      }
      server.send(frame)
    })
  })
  return {
    page,
    /** Every clientId the page sent a message with, in order, held ones included. */
    sent,
    holdNextSend() {
      holdNext = true
    },
    /** Drops the connection with the held message in it; returns that message's clientId. */
    async dropHeld(): Promise<string> {
      await expect.poll(() => held !== null, LIVE).toBe(true)
      const { clientId, drop } = held!
      held = null
      await drop()
      return clientId
    },
  }
}

/** What the chat page's "… is typing" said at any moment, recorded in the page as it changes. */
async function recordTyping(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = []
    ;(window as unknown as { typingSeen: string[] }).typingSeen = seen
    new MutationObserver(() => {
      document.querySelectorAll('[role="status"]').forEach((status) => {
        const text = status.textContent ?? ''
        if (/typing|schreibt/.test(text) && seen.at(-1) !== text) seen.push(text)
      })
    }).observe(document.body, { childList: true, subtree: true, characterData: true })
  })
  return () => page.evaluate(() => (window as unknown as { typingSeen: string[] }).typingSeen)
}

describe.skipIf(!browserAvailable)('a chat that feels live both ways', () => {
  let world: World
  let agent: Page
  let ben: Page
  beforeAll(async () => {
    world = await startWorld()
    agent = (await newPage(world)).page
    await signInAgent(agent, world)
    ben = await inviteAgent(agent, world, 'Ben Berg', 'ben@example.com', { support: true })
  })
  afterAll(() => world?.close())

  async function openConversation(page: Page, customerName: string) {
    await page.getByRole('link', { name: 'Inbox' }).click()
    await page.getByRole('tab', { name: 'From customers' }).click()
    await page.getByRole('link', { name: new RegExp(customerName) }).click()
    await page.getByRole('heading', { name: customerName }).waitFor(LIVE)
  }

  let sally: Awaited<ReturnType<typeof chatPageWithFlakySocket>>

  it('shows "Seen" under the customer\'s latest message the team has read, and under the reply she read', async () => {
    sally = await chatPageWithFlakySocket(world)
    await startCustomerChat(sally.page, world, 'Sally', 'Where is my parcel?')
    const thread = sally.page.getByRole('list', { name: 'Messages' })
    const item = (text: string) => thread.getByRole('listitem').filter({ hasText: text })
    await item('Where is my parcel?').waitFor(LIVE)
    // Nobody has opened it yet.
    expect(await thread.getByText('Seen', { exact: true }).count()).toBe(0)

    await openConversation(agent, 'Sally')
    await item('Where is my parcel?').getByText('Seen', { exact: true }).waitFor(LIVE)

    await agent.locator('.composer').getByRole('button', { name: 'Assign to me' }).click()
    await agent.getByRole('textbox', { name: 'Message' }).fill('It ships today')
    await agent.getByRole('button', { name: 'Send', exact: true }).click()
    await item('It ships today').waitFor(LIVE)
    // Sally has the chat open: the agent learns she read the reply.
    const reply = agent.getByRole('log').getByRole('article').filter({ hasText: 'It ships today' })
    await reply.getByText('Seen by the customer').waitFor(LIVE)

    // Her next message, read by the agent who has the thread open: "Seen" moves down to it.
    await sally.page.getByRole('textbox', { name: 'Message' }).fill('Thank you!')
    await sally.page.getByRole('textbox', { name: 'Message' }).press('Enter')
    await item('Thank you!').getByText('Seen', { exact: true }).waitFor(LIVE)
    expect(await thread.getByText('Seen', { exact: true }).count()).toBe(1)
    expect(await item('Thank you!').textContent()).not.toContain('Admin')
  })

  it('shows the customer an agent typing a reply, never one typing an internal note', async () => {
    const customerFrames = recordWebSocketFrames(sally.page)
    const typingSeen = await recordTyping(sally.page)
    await openConversation(ben, 'Sally')

    // The assigned agent starts a note: a colleague sees it coming, the customer does not.
    await agent.getByRole('button', { name: 'Internal note' }).click()
    await agent.getByRole('textbox', { name: 'Message' }).pressSequentially('checking the warehouse')
    await ben.getByText('Admin is typing a note…').waitFor(LIVE)
    // So does Ben; the assigned agent seeing Ben's means the server has handled it.
    await ben.getByRole('button', { name: 'Internal note', exact: true }).click()
    await ben.getByRole('textbox', { name: 'Message' }).pressSequentially('VIP, be quick')
    await agent.getByText('Ben Berg is typing a note…').waitFor(LIVE)
    expect(await typingSeen()).toEqual([])

    // Now a reply: the customer sees it. Typing signals reach her in the order they were sent, so Ben's
    // note, had it leaked, would have shown before this.
    await agent.getByRole('button', { name: 'Reply' }).click()
    await agent.getByRole('textbox', { name: 'Message' }).fill('')
    await agent.getByRole('textbox', { name: 'Message' }).pressSequentially('Good news')
    await sally.page.getByText('Admin is typing…').waitFor(LIVE)

    const shown = await typingSeen()
    expect(shown.length).toBeGreaterThan(0)
    expect(shown.every((text) => text.includes('Admin') && !text.includes('Ben'))).toBe(true)
    expect(customerFrames.filter((frame) => frame.includes('Ben Berg'))).toEqual([])
    await ben.getByRole('textbox', { name: 'Message' }).fill('')
  })

  it('keeps a message that could not be sent in the thread, marked "Not sent", until Retry sends it once', async () => {
    const { page } = sally
    const thread = page.getByRole('list', { name: 'Messages' })
    const item = (text: string) => thread.getByRole('listitem').filter({ hasText: text })
    const box = page.getByRole('textbox', { name: 'Message' })

    sally.holdNextSend()
    await box.fill('Can you leave it with a neighbour?')
    await box.press('Enter')
    await item('Can you leave it with a neighbour?').getByText('Sending…').waitFor(LIVE)
    const clientId = await sally.dropHeld()
    const failed = item('Can you leave it with a neighbour?')
    await failed.getByText('Not sent').waitFor(LIVE)

    // The composer is free at once, and the next message goes out once the connection is back.
    expect(await box.inputValue()).toBe('')
    await box.fill('Or at the door')
    await box.press('Enter')
    await agent.getByRole('log').getByText('Or at the door').waitFor(LIVE)
    expect(await agent.getByRole('log').getByText('Can you leave it with a neighbour?').count()).toBe(0)

    await failed.getByRole('button', { name: 'Retry' }).click()
    await agent.getByRole('log').getByText('Can you leave it with a neighbour?').waitFor(LIVE)
    await failed.getByText('Not sent').waitFor({ state: 'detached', ...LIVE })
    // Sent again under its own clientId, so a copy the server had got would not be stored twice.
    expect(sally.sent.filter((id) => id === clientId)).toHaveLength(2)
    expect(await agent.getByRole('log').getByText('Can you leave it with a neighbour?').count()).toBe(1)
    expect(await thread.getByText('Can you leave it with a neighbour?').count()).toBe(1)
  })

  it('says all of it in German', async () => {
    const greta = await chatPageWithFlakySocket(world, 'de-DE')
    const { page } = greta
    await page.goto(`${world.server.url}/chat`)
    await page.getByLabel('Name').fill('Greta')
    await page.getByRole('textbox', { name: 'Nachricht' }).fill('Wo ist mein Paket?')
    await page.getByRole('button', { name: 'Chat starten' }).click()
    const thread = page.getByRole('list', { name: 'Nachrichten' })
    const item = (text: string) => thread.getByRole('listitem').filter({ hasText: text })
    await item('Wo ist mein Paket?').waitFor(LIVE)

    await openConversation(agent, 'Greta')
    await item('Wo ist mein Paket?').getByText('Gesehen', { exact: true }).waitFor(LIVE)

    greta.holdNextSend()
    const box = page.getByRole('textbox', { name: 'Nachricht' })
    await box.fill('Ist es versichert?')
    await box.press('Enter')
    await item('Ist es versichert?').getByText('Wird gesendet…').waitFor(LIVE)
    await greta.dropHeld()
    await item('Ist es versichert?').getByText('Nicht gesendet').waitFor(LIVE)
    await item('Ist es versichert?').getByRole('button', { name: 'Erneut senden' }).click()
    await agent.getByRole('log').getByText('Ist es versichert?').waitFor(LIVE)
    await item('Ist es versichert?')
      .getByText('Nicht gesendet')
      .waitFor({ state: 'detached', ...LIVE })
  })
})
