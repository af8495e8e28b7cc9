import { testServices } from '@parley/test-services'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { topics } from '../src/event-bus.ts'
import { type BusMessage, openRedisSharedState, presenceKey, type SharedState } from '../src/index.ts'
import { agentPresenceOf } from '../src/presence.ts'

// Two instances' shared state on one Redis (the services run): what one instance knows of presence,
// limits and ended sessions, the other knows too; another deployment on the same Redis knows nothing.

const services = testServices()

async function eventually(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not so within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe.runIf(services)('shared state between instances (Redis)', () => {
  const namespace = `parley-test:${crypto.randomUUID()}:`
  let a: SharedState
  let b: SharedState
  let elsewhere: SharedState

  beforeAll(async () => {
    a = await openRedisSharedState(services!.redisUrl, namespace)
    b = await openRedisSharedState(services!.redisUrl, namespace)
    elsewhere = await openRedisSharedState(services!.redisUrl, `parley-test:${crypto.randomUUID()}:`)
  })
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close(), elsewhere?.close()])
  })

  it('an agent online on one instance is online on the other, and offline on both once gone', async () => {
    const key = presenceKey.agent(crypto.randomUUID())
    expect(b.presence.isOnline(key)).toBe(false)
    const releaseFirst = a.presence.connect(key)
    const releaseSecond = a.presence.connect(key)
    await eventually(() => b.presence.isOnline(key))
    releaseFirst()
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(b.presence.isOnline(key)).toBe(true)
    releaseSecond()
    await eventually(() => !b.presence.isOnline(key))
    expect(elsewhere.presence.isOnline(key)).toBe(false)
  })

  it('an agent away on one instance (inbox open, tab unused) is away on the other, online once used', async () => {
    const agentId = crypto.randomUUID()
    const releaseInbox = a.presence.connect(presenceKey.agent(agentId))
    await eventually(() => agentPresenceOf(b.presence, agentId) === 'away')
    const releaseInUse = a.presence.connect(presenceKey.agentInUse(agentId))
    await eventually(() => agentPresenceOf(b.presence, agentId) === 'online')
    releaseInUse()
    await eventually(() => agentPresenceOf(b.presence, agentId) === 'away')
    releaseInbox()
    await eventually(() => agentPresenceOf(b.presence, agentId) === 'offline')
  })

  it('a closed instance takes its connections offline with it', async () => {
    const c = await openRedisSharedState(services!.redisUrl, namespace)
    const key = presenceKey.contact(crypto.randomUUID())
    c.presence.connect(key)
    await eventually(() => a.presence.isOnline(key))
    await c.close()
    await eventually(() => !a.presence.isOnline(key))
  })

  it('a customer sending too fast is refused whichever instance each message reaches', async () => {
    const contactId = crypto.randomUUID()
    // 2 a second plus a burst of 18: twenty go through, spread over both instances.
    for (let sent = 0; sent < 20; sent += 1) await (sent % 2 ? a : b).limits.customerSend(contactId)
    await expect(a.limits.customerSend(contactId)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' })
    await expect(b.limits.customerSend(contactId)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' })
    await expect(elsewhere.limits.customerSend(contactId)).resolves.toBeUndefined()
  })

  it('a sign-out announced on one instance is heard on the other, and only there', async () => {
    const heard: BusMessage[] = []
    const heardElsewhere: BusMessage[] = []
    b.bus.subscribe(topics.sessions, (message) => heard.push(message))
    elsewhere.bus.subscribe(topics.sessions, (message) => heardElsewhere.push(message))
    a.bus.publish(topics.sessions, { kind: 'session-ended', sessionHash: 'abc' })
    await eventually(() => heard.length > 0)
    expect(heard).toEqual([{ kind: 'session-ended', sessionHash: 'abc' }])
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(heardElsewhere).toEqual([])
  })
})
