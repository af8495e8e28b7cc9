import { AgentSession } from '@parley/db'
import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashToken, newToken } from '../src/secrets.ts'
import { createHarness, type Harness, type Stream, type TestAgent } from './harness.ts'

// A session ends everywhere at once: the calls it makes next and the streams it already has open
// (sign-out, expiry). Otherwise a signed-out laptop keeps receiving every customer message.

let h: Harness
let anna: TestAgent
let ben: TestAgent

beforeAll(async () => {
  h = await createHarness()
  anna = await h.supportAgent('Anna')
  ben = await h.supportAgent('Ben')
})
afterAll(() => h.close())

async function untilEnded(stream: Stream<unknown>, timeoutMs = 2_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs
  while (!stream.error) {
    if (Date.now() > deadline) throw new Error(`the stream was still open after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return stream.error
}

describe('ending a session ends its open subscriptions', () => {
  it('signing out ends the inbox, thread and typing streams of that session, not those of another', async () => {
    const { conversationId, caller: customer } = await h.customerWithConversation()
    const annaSession = await h.sessionOf(anna)
    const streams = [
      await h.subscribe(annaSession, (c) => c.conversation.onInbox({ lastEventId: null })),
      await h.subscribe(annaSession, (c) => c.conversation.onThread({ conversationId, lastEventId: null })),
      await h.subscribe(annaSession, (c) => c.conversation.onTyping({ conversationId })),
    ]
    const bens = await h.subscribe(await h.sessionOf(ben), (c) =>
      c.conversation.onInbox({ lastEventId: null }),
    )
    await h.untilFollowed({ kind: 'all' }, 2)

    await (await h.asAgent(anna)).auth.signOut()
    for (const stream of streams) {
      const error = await untilEnded(stream)
      expect(error).toBeInstanceOf(TRPCError)
      expect((error as TRPCError).code).toBe('UNAUTHORIZED')
    }

    // Nothing more reaches the signed-out session; Ben's inbox carries on.
    const seen = streams.map((stream) => stream.items.length)
    await customer.customer.send({ conversationId, clientId: crypto.randomUUID(), body: 'Anyone there?' })
    await bens.waitFor((event) => JSON.stringify(event).includes('Anyone there?'))
    expect(streams.map((stream) => stream.items.length)).toEqual(seen)
    expect(bens.error).toBeNull()
  })

  it('an inbox stream ends when its session expires', async () => {
    const token = newToken()
    const em = h.em()
    em.create(AgentSession, {
      id: hashToken(token),
      agent: ben.id,
      expiresAt: new Date(h.clock.now.getTime() + 300),
    })
    await em.flush()
    const stream = await h.subscribe({ sessionToken: token }, (c) =>
      c.conversation.onInbox({ lastEventId: null }),
    )
    // The stream's timer fires when the session is due by the wall clock, and checks the API's clock then.
    h.clock.advance(1_000)
    const error = await untilEnded(stream, 3_000)
    expect((error as TRPCError).code).toBe('UNAUTHORIZED')
  })
})
