import { createECDH, randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
// @ts-expect-error: http_ece ships no types; it is what web-push encrypts with, used here to read back.
import ece from 'http_ece'
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

// Issue 10, part 6 in the browser: the customer asks to be notified, leaves, and the agent's reply is
// pushed to their browser. Headless Chromium has no push service to talk to: the page's PushManager is
// given a subscription at this test's own endpoint (the edge of the world), and everything else is real —
// the chat's service worker, the server's sweep, the encryption only that subscription's keys undo.

describe.skipIf(!browserAvailable)('a reply pushed to a customer who left', () => {
  let world: World
  let pushService: Server
  let endpoint: string
  const pushed: Buffer[] = []
  const ecdh = createECDH('prime256v1')
  ecdh.generateKeys()
  const auth = randomBytes(16)

  beforeAll(async () => {
    pushService = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        pushed.push(Buffer.concat(chunks))
        res.writeHead(201).end()
      })
    })
    await new Promise<void>((resolve) => pushService.listen(0, '127.0.0.1', resolve))
    const origin = `http://127.0.0.1:${(pushService.address() as AddressInfo).port}`
    endpoint = `${origin}/push/this-browser`
    world = await startWorld({ PUSH_SERVICES: origin, PUSH_AFTER_MS: '300' })
  })
  afterAll(async () => {
    pushService?.close()
    await world?.close()
  })

  it('asks, leaves, and gets the reply as a notification only that browser can read', async () => {
    const { context, page: customer } = await newPage(world)
    await customer.addInitScript(
      ({ endpoint, p256dh, auth }) => {
        const subscription = {
          endpoint,
          toJSON: () => ({ endpoint, keys: { p256dh, auth } }),
          unsubscribe: async () => true,
        }
        let subscribed = false
        Notification.requestPermission = async () => 'granted'
        PushManager.prototype.subscribe = async () => {
          subscribed = true
          return subscription as unknown as PushSubscription
        }
        PushManager.prototype.getSubscription = async () =>
          (subscribed ? subscription : null) as unknown as PushSubscription | null
      },
      { endpoint, p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
    )
    await startCustomerChat(customer, world, 'Nora', 'Is my order packed?')
    const agent = (await newPage(world)).page
    await signInAgent(agent, world)
    await agent.getByRole('link', { name: /Nora/ }).click()
    await agent.locator('.composer').getByRole('button', { name: 'Assign to me' }).click()
    const box = agent.getByRole('textbox', { name: 'Message' })
    await box.fill('Let me check.')
    await agent.getByRole('button', { name: 'Send', exact: true }).click()
    await customer.getByRole('list', { name: 'Messages' }).getByText('Let me check.').waitFor(LIVE)

    await customer.getByRole('button', { name: 'Notify me of replies' }).click()
    await customer.getByText('You will be notified of replies.').waitFor(LIVE)
    // Read in the chat while there: nothing is pushed for it.
    expect(pushed).toEqual([])

    await context.close()
    await box.fill('Yes — it ships **today**.')
    await agent.getByRole('button', { name: 'Send', exact: true }).click()
    await expect.poll(() => pushed.length, { timeout: 10_000 }).toBe(1)
    const notification = JSON.parse(
      ece.decrypt(pushed[0], { version: 'aes128gcm', privateKey: ecdh, authSecret: auth }).toString('utf8'),
    )
    expect(notification).toMatchObject({ title: 'Parley', body: 'Yes — it ships today.' })
    expect(notification.url).toMatch(/\/chat\/c\/[0-9a-f-]{36}$/)
  })

  it('is offered in German to a German customer', async () => {
    const { page } = await newPage(world, 'de-DE')
    await page.goto(`${world.server.url}/chat`)
    await page.getByLabel('Name').fill('Nils')
    await page.getByRole('textbox', { name: 'Nachricht' }).fill('Hallo')
    await page.getByRole('button', { name: 'Chat starten' }).click()
    await page.getByRole('button', { name: 'Bei Antworten benachrichtigen' }).waitFor(LIVE)
  })
})
