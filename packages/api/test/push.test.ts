import { createECDH, randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PushSubscription } from '@parley/db'
import { PUSH_AFTER_MS } from '@parley/domain'
// @ts-expect-error: http_ece ships no types; it is what web-push encrypts with, used here to read back.
import ece from 'http_ece'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { Sweeper } from '../src/sweeps.ts'
import { type Caller, createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// Issue 10, part 6 from outside: a reply the customer has not read reaches their subscribed browser,
// through a real HTTP push endpoint (this test's own, standing in for the browser's push service), as
// a payload only that browser can decrypt: once per reply, never for a note, never while they are in the
// chat, and a browser the push service forgot is forgotten.

let h: Harness
let anna: TestAgent
let agent: Caller
let pushService: Server
let origin: string
let status = 201
const received: Array<{
  path: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}> = []

beforeAll(async () => {
  h = await createHarness()
  anna = await h.supportAgent('Anna')
  agent = await h.asAgent(anna)
  pushService = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) })
      res.writeHead(status).end()
    })
  })
  await new Promise<void>((resolve) => pushService.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(pushService.address() as AddressInfo).port}`
  h.deps.settings.pushServices = [origin]
})
afterAll(async () => {
  pushService?.close()
  await h?.close()
})
beforeEach(() => {
  received.length = 0
  status = 201
})

const clientId = () => crypto.randomUUID()

/** A browser's side of a subscription: its keys, and how it reads what was pushed to it. */
function browser(name: string) {
  const ecdh = createECDH('prime256v1')
  ecdh.generateKeys()
  const auth = randomBytes(16)
  return {
    subscription: {
      endpoint: `${origin}/push/${name}`,
      keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
    },
    read(body: Buffer): { title: string; body: string; url: string } {
      const plain = ece.decrypt(body, { version: 'aes128gcm', privateKey: ecdh, authSecret: auth })
      return JSON.parse(plain.toString('utf8'))
    },
  }
}

async function customerWithReply(reply = 'Your parcel is on its way.') {
  const customer = await h.customerWithConversation('Where is my parcel?')
  const device = browser(customer.contactId)
  await customer.caller.push.subscribe(device.subscription)
  await agent.conversation.assignToMe({ conversationId: customer.conversationId })
  await agent.conversation.reply({
    conversationId: customer.conversationId,
    clientId: clientId(),
    body: reply,
  })
  return { ...customer, device }
}

describe('a reply pushed to a customer who left', () => {
  it('arrives once, encrypted for that browser, after the wait; not before', async () => {
    const { conversationId, device } = await customerWithReply()
    expect((await new Sweeper(h.deps).sweep()).pushedReplies).toEqual([])
    h.clock.advance(PUSH_AFTER_MS + 1)

    const swept = await Promise.all([1, 2, 3].map(() => new Sweeper(h.deps).sweep()))

    expect(swept.flatMap((s) => s.pushedReplies)).toEqual([conversationId])
    expect(received).toHaveLength(1)
    const [push] = received
    expect(push!.headers.authorization).toMatch(/^vapid t=.+, k=.+/)
    expect(push!.headers['content-encoding']).toBe('aes128gcm')
    expect(push!.body.includes(Buffer.from('parcel'))).toBe(false)
    expect(device.read(push!.body)).toEqual({
      title: 'Parley',
      body: 'Your parcel is on its way.',
      path: `/chat/c/${conversationId}`,
      url: expect.stringMatching(new RegExp(`/chat/c/${conversationId}$`)),
    })
    h.clock.advance(PUSH_AFTER_MS + 1)
    expect((await new Sweeper(h.deps).sweep()).pushedReplies).toEqual([])
  })

  it('never for an internal note, and not for a reply the customer has read', async () => {
    const noted = await customerWithReply()
    h.clock.advance(PUSH_AFTER_MS + 1)
    await new Sweeper(h.deps).sweep()
    received.length = 0
    await agent.conversation.note({
      conversationId: noted.conversationId,
      clientId: clientId(),
      body: 'VIP!',
    })
    h.clock.advance(PUSH_AFTER_MS + 1)
    expect((await new Sweeper(h.deps).sweep()).pushedReplies).toEqual([])

    const read = await customerWithReply()
    await read.caller.customer.markRead({ conversationId: read.conversationId })
    h.clock.advance(PUSH_AFTER_MS + 1)
    expect((await new Sweeper(h.deps).sweep()).pushedReplies).toEqual([])
    expect(received).toEqual([])
  })

  it('waits while the customer is in the chat, and tells them once they have left', async () => {
    const { token, conversationId } = await customerWithReply()
    const chat = await h.subscribe({ visitorToken: token }, (c) => c.customer.onEvents({}))
    h.clock.advance(PUSH_AFTER_MS + 1)
    expect((await new Sweeper(h.deps).sweep()).pushedReplies).toEqual([])
    await chat.stop()
    await expect.poll(async () => (await new Sweeper(h.deps).sweep()).pushedReplies).toEqual([conversationId])
  })

  it('forgets a browser the push service no longer knows (410)', async () => {
    const { contactId } = await customerWithReply()
    status = 410
    h.clock.advance(PUSH_AFTER_MS + 1)
    await new Sweeper(h.deps).sweep()
    expect(await h.count(PushSubscription, { contact: contactId })).toBe(0)
  })
})

describe('subscribing', () => {
  it('refuses an endpoint that is no push service, and keys that are not a browser’s, storing nothing', async () => {
    const { caller } = await h.customerWithConversation()
    const { subscription } = browser('x')
    const before = await h.rowCounts()
    for (const endpoint of [
      'https://evil.example/steal',
      'http://127.0.0.1:1/admin',
      `${origin}.evil.example/x`,
    ]) {
      const refusal = await refusalOf(caller.push.subscribe({ ...subscription, endpoint }))
      expect(refusal, endpoint).toMatchObject({ code: 'BAD_REQUEST' })
    }
    for (const keys of [
      { p256dh: 'short', auth: subscription.keys.auth },
      { p256dh: subscription.keys.p256dh, auth: '!!' },
    ]) {
      expect((await refusalOf(caller.push.subscribe({ ...subscription, keys }))).code).toBe('BAD_REQUEST')
    }
    expect(await h.rowCounts()).toEqual(before)
  })

  it('gives the public key to subscribe with; a visitor unsubscribes only their own browser', async () => {
    const first = await h.customerWithConversation()
    const second = await h.customerWithConversation()
    const { publicKey } = await first.caller.push.key()
    expect(publicKey).toMatch(/^[A-Za-z0-9_-]{80,}$/)
    expect((await second.caller.push.key()).publicKey).toBe(publicKey)
    const device = browser('mine')
    await first.caller.push.subscribe(device.subscription)
    await second.caller.push.unsubscribe({ endpoint: device.subscription.endpoint })
    expect(await h.count(PushSubscription, { contact: first.contactId })).toBe(1)
    await first.caller.push.unsubscribe({ endpoint: device.subscription.endpoint })
    expect(await h.count(PushSubscription, { contact: first.contactId })).toBe(0)
    expect((await refusalOf(h.anonymous().push.key())).code).toBe('UNAUTHORIZED')
  })
})
