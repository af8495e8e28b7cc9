import { createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FrameLocator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserAvailable,
  LIVE,
  newPage,
  signInAgent,
  startWorld,
  violationsOn,
  type World,
} from './harness.ts'

// Issue 10, parts 3 and 4 in the browser: a shop on another origin puts Parley's <script> tag on its
// page. The launcher comes first, the chat only on opening; the customer and an agent chat both ways
// (typing shows on both sides); the badge counts a reply while the panel is closed; a reload loses
// nothing. A signed-in shop user keeps their history on a second device, and a forged user_hash gets
// nobody's.

interface Focus {
  /** The focused element: its tag, then its name or accessible name. */
  control: string
  /** Whether it shows a focus ring (outline or box shadow, as a keyboard user sees it). */
  visible: boolean
}

/** Where the keyboard is in a document, through the widget's shadow root; run in the page. */
function describeFocus(): Focus {
  let element: Element | null = document.activeElement
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement
  if (!element || element === document.body) return { control: 'body', visible: false }
  const name =
    element.getAttribute('name') ?? element.getAttribute('aria-label') ?? element.textContent?.trim() ?? ''
  const style = getComputedStyle(element)
  const ring = style.outlineStyle !== 'none' || style.boxShadow !== 'none'
  return {
    control: `${element.tagName.toLowerCase()} ${name}`,
    visible: element.matches(':focus-visible') && ring,
  }
}

const focusOnHost = (page: Page): Promise<Focus> => page.evaluate(describeFocus)
const focusIn = (frame: FrameLocator): Promise<Focus> => frame.locator(':root').evaluate(describeFocus)

describe.skipIf(!browserAvailable)('the website widget on another site', () => {
  let world: World
  let shop: Server
  let shopUrl: string
  let anna: Page
  let secret: string

  beforeAll(async () => {
    world = await startWorld()
    const parley = world.server.url
    // Another origin on the same machine: the other name for it.
    const shopHost = new URL(parley).hostname === 'localhost' ? '127.0.0.1' : 'localhost'
    shop = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://shop')
      const identity = url.searchParams.get('userId')
        ? `Parley('identify', ${JSON.stringify({
            userId: url.searchParams.get('userId'),
            userHash: url.searchParams.get('userHash'),
            name: url.searchParams.get('name') ?? undefined,
          })})`
        : url.searchParams.get('prefill')
          ? `Parley('prefill', ${JSON.stringify({ name: url.searchParams.get('prefill'), email: 'pia@example.com' })})`
          : ''
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>The shop</title></head>
<body><h1>The shop</h1><p>Fine things for sale.</p>
<script>window.Parley=window.Parley||function(){(window.Parley.q=window.Parley.q||[]).push(arguments)};${identity}</script>
<script src="${parley}/widget.js" async></script></body></html>`)
    })
    await new Promise<void>((resolve) => shop.listen(0, shopHost, resolve))
    shopUrl = `http://${shopHost}:${(shop.address() as AddressInfo).port}`

    anna = (await newPage(world)).page
    await signInAgent(anna, world)
    await anna.getByRole('link', { name: 'Settings' }).click()
    await anna.getByLabel('Sites allowed to show the chat').fill(shopUrl)
    await anna.getByRole('button', { name: 'Save sites' }).click()
    await anna.getByText('Saved').first().waitFor(LIVE)
    await anna.getByRole('button', { name: 'Create secret' }).click()
    secret = await anna.getByLabel('Identity secret').inputValue()
    expect(secret).toMatch(/^[0-9a-f]{64}$/)
  })
  afterAll(async () => {
    shop?.close()
    await world?.close()
  })

  const chatIn = (page: Page): FrameLocator => page.frameLocator('iframe[title="Chat"]')

  it('chats both ways from the shop page, counts a reply on the badge, and keeps it all after a reload', async () => {
    const { page: customer } = await newPage(world)
    await customer.goto(shopUrl)
    const launcher = customer.getByRole('button', { name: 'Open chat' })
    await launcher.waitFor(LIVE)
    // Nothing of the chat is loaded until the visitor asks for it.
    expect(await customer.locator('iframe').count()).toBe(0)
    await launcher.click()
    const chat = chatIn(customer)
    await chat.getByRole('button', { name: 'Start chat' }).waitFor(LIVE)
    expect(await violationsOn(customer)).toEqual([])
    await chat.getByLabel('Name').fill('Olga')
    await chat.getByRole('textbox', { name: 'Message' }).fill('Do you ship to Norway?')
    await chat.getByRole('button', { name: 'Start chat' }).click()
    await chat.getByRole('list', { name: 'Messages' }).getByText('Do you ship to Norway?').waitFor(LIVE)

    await anna.getByRole('link', { name: 'Inbox' }).click()
    await anna.getByRole('link', { name: /Olga/ }).click()
    await anna.locator('.composer').getByRole('button', { name: 'Assign to me' }).click()
    const box = anna.getByRole('textbox', { name: 'Message' })
    await box.pressSequentially('Yes, we')
    await chat.getByText(/is typing/).waitFor(LIVE)
    await box.fill('Yes, we ship to Norway.')
    await anna.getByRole('button', { name: 'Send', exact: true }).click()
    await chat.getByRole('list', { name: 'Messages' }).getByText('Yes, we ship to Norway.').waitFor(LIVE)

    await chat.getByRole('textbox', { name: 'Message' }).pressSequentially('Great')
    await anna.getByText(/Olga is typing/).waitFor(LIVE)
    await chat.getByRole('textbox', { name: 'Message' }).press('Enter')
    await anna.getByRole('log').getByText('Great').waitFor(LIVE)
    // Anna has the conversation open: the customer's message is read at once, and the chat says so.
    await chat.getByText('Seen', { exact: true }).waitFor(LIVE)

    // Escape closes the panel from inside the chat, and opens it again from the launcher.
    await chat.getByRole('textbox', { name: 'Message' }).press('Escape')
    await customer.getByRole('button', { name: 'Open chat' }).waitFor(LIVE)
    await customer.keyboard.press('Enter')
    await chat.getByRole('textbox', { name: 'Message' }).waitFor(LIVE)
    // The panel closed, a reply comes in: the launcher says so.
    await chat.getByRole('button', { name: 'Close chat' }).click()
    await customer.getByRole('button', { name: 'Open chat' }).waitFor(LIVE)
    await box.fill('Delivery takes three days.')
    await anna.getByRole('button', { name: 'Send', exact: true }).click()
    await customer.getByRole('button', { name: 'Open chat, 1 unread' }).waitFor(LIVE)

    await customer.reload()
    // A returning visitor's chat loads behind the launcher, so the unread reply still shows on it.
    await customer.getByRole('button', { name: 'Open chat, 1 unread' }).waitFor(LIVE)
    await customer.getByRole('button', { name: 'Open chat, 1 unread' }).click()
    const thread = chatIn(customer).getByRole('list', { name: 'Messages' })
    for (const text of [
      'Do you ship to Norway?',
      'Yes, we ship to Norway.',
      'Great',
      'Delivery takes three days.',
    ])
      await thread.getByText(text).waitFor(LIVE)
    await customer.getByRole('button', { name: 'Close chat' }).waitFor(LIVE)
  })

  it('works with the keyboard alone, from the shop page to a reply and back, focus always in sight', async () => {
    const { page: customer } = await newPage(world)
    await customer.goto(shopUrl)
    await customer.getByRole('button', { name: 'Open chat' }).waitFor(LIVE)
    const chat = chatIn(customer)

    // The shop page has no control of its own: the first Tab reaches the launcher.
    await customer.keyboard.press('Tab')
    expect(await focusOnHost(customer)).toEqual({ control: 'button Open chat', visible: true })
    await customer.keyboard.press('Enter')
    // Opened from the keyboard, the cursor is in the first field, not at the top of the frame.
    await expect.poll(() => focusIn(chat), LIVE).toEqual({ control: 'input name', visible: true })
    await customer.keyboard.type('Kim')
    await customer.keyboard.press('Tab')
    expect(await focusIn(chat)).toEqual({ control: 'input email', visible: true })
    await customer.keyboard.press('Tab')
    expect(await focusIn(chat)).toEqual({ control: 'textarea message', visible: true })
    await customer.keyboard.type('Can I pay by invoice?')
    await customer.keyboard.press('Tab')
    expect(await focusIn(chat)).toEqual({ control: 'button Start chat', visible: true })
    await customer.keyboard.press('Enter')
    await chat.getByRole('list', { name: 'Messages' }).getByText('Can I pay by invoice?').waitFor(LIVE)
    // In the conversation the composer has the cursor: the next message is typed at once.
    await expect.poll(() => focusIn(chat), LIVE).toEqual({ control: 'textarea message', visible: true })

    await anna.getByRole('link', { name: 'Inbox' }).click()
    await anna.getByRole('link', { name: /Kim/ }).click()
    await anna.locator('.composer').getByRole('button', { name: 'Assign to me' }).click()
    await anna.getByRole('textbox', { name: 'Message' }).fill('Yes, within 30 days.')
    await anna.getByRole('button', { name: 'Send', exact: true }).click()
    // The reply lands in the thread, which screen readers announce as it grows.
    const thread = chat.getByRole('list', { name: 'Messages' })
    await thread.getByText('Yes, within 30 days.').waitFor(LIVE)
    expect(await thread.getAttribute('aria-live')).toBe('polite')

    await customer.keyboard.type('Thank you!')
    await customer.keyboard.press('Enter')
    await anna.getByRole('log').getByText('Thank you!').waitFor(LIVE)

    // Escape closes the panel and gives the focus back to the launcher; Enter brings the chat back with the
    // cursor in the composer.
    await customer.keyboard.press('Escape')
    await expect
      .poll(() => focusOnHost(customer), LIVE)
      .toEqual({ control: 'button Open chat', visible: true })
    await customer.keyboard.press('Enter')
    await expect.poll(() => focusIn(chat), LIVE).toEqual({ control: 'textarea message', visible: true })
    // Shift+Tab walks back through the chat's controls up to its header, each with its focus ring.
    const walk: string[] = []
    for (let step = 0; step < 20; step++) {
      await customer.keyboard.press('Shift+Tab')
      const focus = await focusIn(chat)
      if (focus.control === 'body') break
      expect(focus.visible, `${focus.control} shows where the focus is`).toBe(true)
      walk.push(focus.control)
    }
    expect(walk).toEqual([
      'button Record voice message',
      'button Attach files',
      'button Close chat',
      'select Language',
      'button Help',
      'button Your conversations',
    ])
  })

  it('a signed-in shop user keeps their history on another device; a forged user_hash reaches nobody', async () => {
    const hash = (userId: string) => createHmac('sha256', secret).update(userId).digest('hex')
    const asUser = (userHash: string) =>
      `${shopUrl}/?${new URLSearchParams({ userId: 'vip-1', userHash, name: 'Vera' })}`

    const { page: laptop } = await newPage(world)
    await laptop.goto(asUser(hash('vip-1')))
    await laptop.getByRole('button', { name: 'Open chat' }).click()
    const chat = chatIn(laptop)
    await chat.getByRole('textbox', { name: 'Message' }).fill('Where is my order 4711?')
    await chat.getByRole('button', { name: 'Start chat' }).click()
    await chat.getByRole('list', { name: 'Messages' }).getByText('Where is my order 4711?').waitFor(LIVE)

    const { page: phone } = await newPage(world)
    await phone.goto(asUser(hash('vip-1')))
    await phone.getByRole('button', { name: 'Open chat' }).click()
    await chatIn(phone)
      .getByRole('list', { name: 'Messages' })
      .getByText('Where is my order 4711?')
      .waitFor(LIVE)

    const { page: stranger } = await newPage(world)
    await stranger.goto(asUser(createHmac('sha256', 'guessed').update('vip-1').digest('hex')))
    await stranger.getByRole('button', { name: 'Open chat' }).click()
    // A guest's start form, and nothing of Vera's.
    await chatIn(stranger).getByRole('button', { name: 'Start chat' }).waitFor(LIVE)
    expect(await chatIn(stranger).getByText('Where is my order 4711?').count()).toBe(0)
    await anna.getByRole('link', { name: /Vera/ }).waitFor(LIVE)
  })

  it('finds help in the widget, opens an article inside it, and the shop can open one by its slug', async () => {
    await anna.getByRole('link', { name: 'Knowledge base' }).click()
    await anna.getByRole('link', { name: 'New article' }).click()
    await anna.getByLabel('Title').fill('Returning a parcel')
    await anna.getByLabel('Category').fill('Orders')
    await anna.getByLabel('Article text (Markdown)').fill('Pack it, then **drop it off** at any post office.')
    await anna.getByRole('button', { name: 'Save' }).click()
    await anna.waitForURL(/\/knowledge-base\/[0-9a-f-]{36}$/, LIVE)
    await anna.getByRole('button', { name: 'Publish' }).click()
    await anna.getByRole('button', { name: 'Unpublish' }).waitFor(LIVE)

    const { page: customer } = await newPage(world)
    // The shop knows its visitor's name and email, and fills them in for them.
    await customer.goto(`${shopUrl}/?prefill=Pia`)
    await customer.getByRole('button', { name: 'Open chat' }).click()
    const chat = chatIn(customer)
    await expect.poll(() => chat.getByLabel('Name').inputValue(), LIVE).toBe('Pia')
    expect(await chat.getByLabel('Email').inputValue()).toBe('pia@example.com')
    await chat.getByRole('button', { name: 'Help' }).click()
    await chat.getByRole('searchbox', { name: 'Search help articles' }).fill('parcel')
    await chat.getByRole('link', { name: /Returning a parcel/ }).click()
    await chat.getByRole('heading', { name: 'Returning a parcel' }).waitFor(LIVE)
    await chat.locator('strong', { hasText: 'drop it off' }).waitFor(LIVE)
    // The shop page with the widget open and an article in it passes axe's WCAG 2.1 AA rules, frame included.
    expect(await violationsOn(customer)).toEqual([])
    await chat.getByRole('link', { name: 'Back to the chat' }).click()
    await chat.getByRole('button', { name: 'Start chat' }).waitFor(LIVE)
    expect(await chat.getByLabel('Name').inputValue()).toBe('Pia')

    // The shop's own "How do returns work?" link opens the article in the widget, in German for a German browser.
    const { page: german } = await newPage(world, 'de-DE')
    await german.goto(shopUrl)
    await german.getByRole('button', { name: 'Chat öffnen' }).waitFor(LIVE)
    await german.evaluate(() =>
      (window as unknown as { Parley: (...command: unknown[]) => void }).Parley(
        'showArticle',
        'returning-a-parcel',
      ),
    )
    const deChat = chatIn(german)
    await deChat.getByRole('heading', { name: 'Returning a parcel' }).waitFor(LIVE)
    await deChat.getByRole('link', { name: 'Alle Hilfeartikel' }).click()
    await deChat.getByRole('searchbox', { name: 'Hilfeartikel durchsuchen' }).waitFor(LIVE)
    await german.getByRole('button', { name: 'Chat schließen' }).click()
    await german.getByRole('button', { name: 'Chat öffnen' }).waitFor(LIVE)
  })
})
