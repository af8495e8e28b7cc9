import { Contact, VisitorToken } from '@parley/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { userHashOf } from '../src/index.ts'
import { type Caller, createHarness, type Harness, refusalOf } from './harness.ts'

// Issue 10, parts 3 and 4 from outside: the widget's settings are for admins; a host site's verified
// user reaches their own history from any browser; a forged hash, or an email typed in, reaches nobody's.

let h: Harness
let admin: Caller
let secret: string

beforeAll(async () => {
  h = await createHarness()
  admin = await h.asAgent(await h.admin('Ada'))
  secret = (await admin.widget.newIdentitySecret()).identitySecret
})
afterAll(() => h.close())

const clientId = () => crypto.randomUUID()

describe('the widget settings', () => {
  it('admins keep the sites allowed to embed the chat, as origins', async () => {
    const { sites } = await admin.widget.setSites({
      sites: ['https://shop.example/some/page', 'http://localhost:8080', 'https://shop.example'],
    })
    expect(sites).toEqual(['https://shop.example', 'http://localhost:8080'])
    expect(await admin.widget.settings()).toEqual({ sites, identitySecret: secret })
  })

  it('refuses what is not a site, and other agents altogether', async () => {
    for (const bad of ['javascript:alert(1)', 'shop.example', 'ftp://files.example', '']) {
      const refusal = await refusalOf(admin.widget.setSites({ sites: [bad] }))
      expect(refusal.code, bad).toBe('BAD_REQUEST')
    }
    const agent = await h.asAgent(await h.supportAgent('Sam'))
    expect((await refusalOf(agent.widget.settings())).code).toBe('FORBIDDEN')
    expect((await refusalOf(agent.widget.newIdentitySecret())).code).toBe('FORBIDDEN')
  })
})

describe('a verified identity (user_hash)', () => {
  it('reaches the same contact and history from a second browser; each keeps its own token', async () => {
    const visitor = h.anonymous()
    const first = await visitor.widget.identify({
      userId: 'user-42',
      userHash: userHashOf(secret, 'user-42'),
      name: 'Vera',
      email: 'vera@example.com',
    })
    const laptop = h.asCustomer(first.token)
    const { conversation } = await laptop.customer.startConversation({
      clientId: clientId(),
      body: 'My bill',
    })

    const second = await h
      .anonymous()
      .widget.identify({ userId: 'user-42', userHash: userHashOf(secret, 'user-42') })
    expect(second.contact.id).toBe(first.contact.id)
    expect(second.token).not.toBe(first.token)
    const phone = h.asCustomer(second.token)
    expect((await phone.customer.conversations()).map((c) => c.id)).toEqual([conversation.id])
    // The laptop's session goes on.
    expect((await laptop.customer.conversations()).map((c) => c.id)).toEqual([conversation.id])
    await phone.customer.send({
      conversationId: conversation.id,
      clientId: clientId(),
      body: 'From my phone',
    })
    const { messages } = await laptop.customer.conversation({ id: conversation.id })
    expect(messages.map((m) => m.body)).toEqual(['My bill', 'From my phone'])
    expect(await h.count(Contact, { externalId: 'user-42' })).toBe(1)
  })

  it('a forged or stale hash is refused and reaches nobody, changing nothing', async () => {
    await h.anonymous().widget.identify({ userId: 'user-7', userHash: userHashOf(secret, 'user-7') })
    const before = await h.rowCounts()
    for (const userHash of [
      userHashOf('another secret', 'user-7'),
      userHashOf(secret, 'user-8'),
      '0'.repeat(64),
    ]) {
      const refusal = await refusalOf(h.anonymous().widget.identify({ userId: 'user-7', userHash }))
      expect(refusal).toMatchObject({ code: 'FORBIDDEN', domainCode: 'IDENTITY_UNVERIFIED' })
    }
    expect(await h.rowCounts()).toEqual(before)
  })

  it('a new secret makes the hashes of the old one stop verifying', async () => {
    const old = userHashOf(secret, 'user-9')
    await h.anonymous().widget.identify({ userId: 'user-9', userHash: old })
    secret = (await admin.widget.newIdentitySecret()).identitySecret
    expect(
      (await refusalOf(h.anonymous().widget.identify({ userId: 'user-9', userHash: old }))).domainCode,
    ).toBe('IDENTITY_UNVERIFIED')
    await h.anonymous().widget.identify({ userId: 'user-9', userHash: userHashOf(secret, 'user-9') })
    expect(await h.count(VisitorToken, { contact: { externalId: 'user-9' } })).toBe(1)
  })

  it('garbage is refused as a bad request', async () => {
    for (const input of [
      { userId: '', userHash: '0'.repeat(64) },
      { userId: 'x', userHash: 'not hex' },
      { userId: 'x'.repeat(201), userHash: '0'.repeat(64) },
      { userId: 'x', userHash: '0'.repeat(64), email: 'not an email' },
    ]) {
      expect((await refusalOf(h.anonymous().widget.identify(input))).code).toBe('BAD_REQUEST')
    }
  })
})

describe('an email typed into the chat', () => {
  it("never reveals that person's conversations", async () => {
    const vera = await h.anonymous().customer.start({ name: 'Vera', email: 'vera.v@example.com' })
    const veras = h.asCustomer(vera.token)
    const { conversation } = await veras.customer.startConversation({ clientId: clientId(), body: 'Private' })

    const stranger = await h.anonymous().customer.start({ name: 'Vera', email: 'vera.v@example.com' })
    const strangers = h.asCustomer(stranger.token)
    expect(stranger.contact.id).not.toBe(vera.contact.id)
    expect(await strangers.customer.conversations()).toEqual([])
    expect((await refusalOf(strangers.customer.conversation({ id: conversation.id }))).code).toBe('NOT_FOUND')
    expect(
      (
        await refusalOf(
          strangers.customer.send({ conversationId: conversation.id, clientId: clientId(), body: 'Hi' }),
        )
      ).code,
    ).toBe('NOT_FOUND')
  })
})

describe('the same browser identified again', () => {
  it('keeps its token: a host page saying so on every page makes no new ones', async () => {
    const hash = userHashOf(secret, 'user-50')
    const { token } = await h.anonymous().widget.identify({ userId: 'user-50', userHash: hash })
    const again = await h.asCustomer(token).widget.identify({ userId: 'user-50', userHash: hash })
    expect(again.token).toBe(token)
    const other = await h.anonymous().widget.identify({ userId: 'user-50', userHash: hash })
    const otherAgain = await h.asCustomer(other.token).widget.identify({ userId: 'user-50', userHash: hash })
    expect(otherAgain.token).toBe(other.token)
    expect(await h.count(VisitorToken, { contact: { externalId: 'user-50' } })).toBe(1)
  })
})
