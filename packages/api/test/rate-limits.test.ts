import { AgentSession } from '@parley/db'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { RateLimits } from '../src/index.ts'
import { addressKey } from '../src/rate-limits.ts'
import { type Caller, createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// Abuse limits: password guessing is slowed per email and per address, customers cannot flood an inbox.

let h: Harness
let anna: TestAgent

beforeAll(async () => {
  h = await createHarness()
  anna = await h.admin('Anna')
  // The limiter reads Date, the API reads the harness clock: both stand still and move together.
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(h.clock.now)
})
afterAll(async () => {
  vi.useRealTimers()
  await h.close()
})
// Every test starts with nothing counted.
beforeEach(() => {
  h.deps.limits = new RateLimits()
})

function later(ms: number) {
  h.clock.advance(ms)
  vi.setSystemTime(Date.now() + ms)
}

const MINUTE = 60_000
const clientId = () => crypto.randomUUID()
const wrongPassword = 'not-the-password'

async function failSignIns(caller: Caller, times: number, email: (attempt: number) => string) {
  for (let attempt = 0; attempt < times; attempt += 1) {
    expect(
      await refusalOf(caller.auth.signIn({ email: email(attempt), password: wrongPassword })),
    ).toMatchObject({ code: 'UNAUTHORIZED', message: 'Wrong email or password.' })
  }
}

const lockedOut = {
  code: 'TOO_MANY_REQUESTS',
  message: 'Too many sign-in attempts. Try again in 15 minutes.',
  domainCode: null,
  retryAfterSeconds: 900,
}

describe('password guessing', () => {
  it('after 10 wrong passwords even the right one is refused for that email, and no session opens', async () => {
    const anonymous = h.anonymous('203.0.113.7')
    await failSignIns(anonymous, 10, () => anna.email)
    const before = await h.rowCounts()

    const refusal = await refusalOf(anonymous.auth.signIn({ email: anna.email, password: anna.password }))

    expect(refusal).toMatchObject(lockedOut)
    expect(await h.rowCounts()).toEqual(before)
    // Another address is refused too: the lock is on the account, not the attacker's connection.
    expect(
      await refusalOf(
        h.anonymous('198.51.100.1').auth.signIn({ email: anna.email, password: anna.password }),
      ),
    ).toMatchObject(lockedOut)
  })

  it('a locked-out email signs in again once the quarter hour has passed', async () => {
    const anonymous = h.anonymous('203.0.113.7')
    await failSignIns(anonymous, 10, () => anna.email)
    later(10 * MINUTE)
    expect(
      await refusalOf(anonymous.auth.signIn({ email: anna.email, password: anna.password })),
    ).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: 'Too many sign-in attempts. Try again in 5 minutes.',
    })

    later(5 * MINUTE)
    const sessions = await h.count(AgentSession)
    await expect(
      anonymous.auth.signIn({ email: anna.email, password: anna.password }),
    ).resolves.toMatchObject({
      id: anna.id,
    })
    expect(await h.count(AgentSession)).toBe(sessions + 1)
  })

  it('signing in successfully forgets the wrong passwords before it', async () => {
    const anonymous = h.anonymous('203.0.113.7')
    await failSignIns(anonymous, 9, () => anna.email)
    await anonymous.auth.signIn({ email: anna.email, password: anna.password })

    await failSignIns(anonymous, 10, () => anna.email)
    expect(
      await refusalOf(anonymous.auth.signIn({ email: anna.email, password: anna.password })),
    ).toMatchObject(lockedOut)
  })

  it('an unknown email is throttled exactly like a known one', async () => {
    await failSignIns(h.anonymous('203.0.113.7'), 10, () => anna.email)
    await failSignIns(h.anonymous('203.0.113.8'), 10, () => 'nobody@example.com')

    const known = await refusalOf(
      h.anonymous('203.0.113.7').auth.signIn({ email: anna.email, password: wrongPassword }),
    )
    const unknown = await refusalOf(
      h.anonymous('203.0.113.8').auth.signIn({ email: 'nobody@example.com', password: wrongPassword }),
    )
    expect(known).toMatchObject(lockedOut)
    expect(unknown).toEqual(known)
  })

  it('one address trying many emails is stopped after 50 failures; other addresses still sign in', async () => {
    const attacker = h.anonymous('198.51.100.66')
    await failSignIns(attacker, 50, (attempt) => `user${attempt}@example.com`)

    expect(
      await refusalOf(attacker.auth.signIn({ email: anna.email, password: anna.password })),
    ).toMatchObject(lockedOut)
    await expect(
      h.anonymous('198.51.100.67').auth.signIn({ email: anna.email, password: anna.password }),
    ).resolves.toMatchObject({ id: anna.id })
  })

  it('callers without a socket share one address limit', async () => {
    await failSignIns(h.anonymous(), 50, (attempt) => `user${attempt}@example.com`)
    expect(
      await refusalOf(h.anonymous().auth.signIn({ email: anna.email, password: anna.password })),
    ).toMatchObject(lockedOut)
  })

  it('addresses are counted per IPv4 address and per IPv6 /64, so one subscriber cannot rotate through them', () => {
    expect(addressKey(null)).toBe('unknown')
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7')
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7')
    expect(addressKey('2001:db8:a:b:1:2:3:4')).toBe('2001:db8:a:b::/64')
    expect(addressKey('2001:db8:a:b::99')).toBe('2001:db8:a:b::/64')
    expect(addressKey('2001:0db8:0:0::1')).toBe('2001:db8:0:0::/64')
    expect(addressKey('::1')).toBe('0:0:0:0::/64')
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
  })

  it('wrong setup links from one address are stopped after 50, even before the right one', async () => {
    h.deps.settings.setupToken = 'setup-token-123'
    try {
      const setup = (caller: Caller, token: string) =>
        caller.auth.setup({ token, name: 'Eve', email: 'eve@example.com', password: 'long enough' })
      const attacker = h.anonymous('198.51.100.66')
      for (let attempt = 0; attempt < 50; attempt += 1) {
        expect(await refusalOf(setup(attacker, `guess-${attempt}`))).toMatchObject({
          code: 'FORBIDDEN',
          message: 'This setup link is not valid.',
        })
      }

      expect(await refusalOf(setup(attacker, 'setup-token-123'))).toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        message: 'Too many attempts with a setup link. Try again in 15 minutes.',
      })
      // One budget of failures per address: the same caller cannot switch to guessing passwords.
      expect(
        await refusalOf(attacker.auth.signIn({ email: anna.email, password: anna.password })),
      ).toMatchObject(lockedOut)
      // Elsewhere the right link gets past the limit (to be told this Parley already has its admin).
      expect(await refusalOf(setup(h.anonymous('198.51.100.67'), 'setup-token-123'))).toMatchObject({
        code: 'CONFLICT',
        message: 'Parley has already been set up.',
      })
    } finally {
      h.deps.settings.setupToken = null
    }
  })
})

describe('customers sending too fast', () => {
  const tooFast = {
    code: 'TOO_MANY_REQUESTS',
    message: 'You are sending messages too quickly. Try again in 1 second.',
    domainCode: null,
    retryAfterSeconds: 1,
  }

  it('after a burst of 20 messages the next is refused and not stored; 2 a second go through after', async () => {
    const { caller, conversationId } = await h.customerWithConversation()
    const send = (body: string) => caller.customer.send({ conversationId, clientId: clientId(), body })
    for (let n = 1; n <= 20; n += 1) await send(`Line ${n}`)
    const before = await h.rowCounts()

    expect(await refusalOf(send('Line 21'))).toEqual({ ...tooFast, fieldErrors: null })
    expect(await h.rowCounts()).toEqual(before)

    later(1_000)
    await send('Line 21, again')
    await send('Line 22')
    expect(await refusalOf(send('Line 23'))).toMatchObject(tooFast)
    const { messages } = await caller.customer.conversation({ id: conversationId })
    expect(messages.map((m) => m.body)).not.toContain('Line 21')
    expect(messages.map((m) => m.body).slice(-2)).toEqual(['Line 21, again', 'Line 22'])
  })

  it('another customer keeps writing while one is refused', async () => {
    const flooder = await h.customerWithConversation()
    for (let n = 1; n <= 20; n += 1) {
      await flooder.caller.customer.send({
        conversationId: flooder.conversationId,
        clientId: clientId(),
        body: 'x',
      })
    }
    const refused = flooder.caller.customer.send({
      conversationId: flooder.conversationId,
      clientId: clientId(),
      body: 'x',
    })
    expect(await refusalOf(refused)).toMatchObject(tooFast)

    const other = await h.customerWithConversation()
    await expect(
      other.caller.customer.send({
        conversationId: other.conversationId,
        clientId: clientId(),
        body: 'Hello?',
      }),
    ).resolves.toMatchObject({ body: 'Hello?' })
  })

  it('the 11th conversation started within an hour is refused and nothing is stored', async () => {
    const { caller } = await h.customer()
    const start = () => caller.customer.startConversation({ clientId: clientId(), body: 'New question' })
    for (let n = 0; n < 10; n += 1) await start()
    const before = await h.rowCounts()

    expect(await refusalOf(start())).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: 'You have started too many conversations. Try again in 60 minutes.',
      retryAfterSeconds: 3600,
    })
    expect(await h.rowCounts()).toEqual(before)

    later(60 * MINUTE)
    await expect(start()).resolves.toMatchObject({ message: { body: 'New question' } })
  })

  it('the 31st new customer from one address within 10 minutes is refused; other addresses and the server itself are not', async () => {
    const from = h.anonymous('198.51.100.20')
    for (let n = 0; n < 30; n += 1) await from.customer.start({ name: `Visitor ${n}` })
    const before = await h.rowCounts()
    expect(await refusalOf(from.customer.start({ name: 'One more' }))).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: 'Too many new chats from your network. Try again in 10 minutes.',
    })
    expect(await h.rowCounts()).toEqual(before)
    await expect(h.anonymous('198.51.100.21').customer.start({})).resolves.toHaveProperty('token')
    await expect(h.anonymous().customer.start({})).resolves.toHaveProperty('token')
    later(10 * MINUTE)
    await expect(from.customer.start({})).resolves.toHaveProperty('token')
  })

  it('typing signals beyond 5 a second are dropped without an error', async () => {
    const { caller, conversationId } = await h.customerWithConversation()
    const publish = vi.spyOn(h.bus, 'publish')
    const typingSignals = () =>
      publish.mock.calls.filter(([topic]) => topic === `typing:${conversationId}`).length
    try {
      for (let n = 0; n < 8; n += 1)
        await expect(caller.customer.typing({ conversationId })).resolves.toBeUndefined()
      expect(typingSignals()).toBe(5)

      later(1_000)
      await caller.customer.typing({ conversationId })
      expect(typingSignals()).toBe(6)
    } finally {
      publish.mockRestore()
    }
  })

  it('agents are not limited: 30 replies in a row all go through', async () => {
    const { conversationId } = await h.customerWithConversation()
    const agent = await h.asAgent(anna)
    await agent.conversation.assignToMe({ conversationId })
    for (let n = 1; n <= 30; n += 1) {
      await agent.conversation.reply({ conversationId, clientId: clientId(), body: `Step ${n}` })
    }
    const thread = await agent.conversation.get({ id: conversationId })
    expect(thread.messages.filter((m) => m.body.startsWith('Step '))).toHaveLength(30)
  })
})
