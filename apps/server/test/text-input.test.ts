import { Contact, Conversation, Message } from '@parley/db'
import { TRPCClientError } from '@trpc/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn, startTestServer, type TestServer } from './clients.ts'

// Text that is not what it looks like, through the real HTTP stack: NUL, invisible-only messages, half
// emojis, bidi overrides. Each is cleaned or refused clearly, and what is acknowledged is what is stored.

let world: TestServer
beforeAll(async () => {
  world = await startTestServer()
})
afterAll(() => world?.close())

const em = () => world.server.deps.orm.em.fork()

async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  )
  if (!(error instanceof TRPCClientError)) throw new Error(`expected a refusal, got ${String(error)}`)
  return { message: error.message, code: (error.data as { code: string }).code }
}

async function customerWithConversation(name?: string) {
  const anonymous = world.client()
  const { token, contact } = await anonymous.trpc.customer.start.mutate(name === undefined ? {} : { name })
  const customer = world.client({ visitorToken: token })
  const { conversation } = await customer.trpc.customer.startConversation.mutate({
    clientId: crypto.randomUUID(),
    body: 'Hello',
  })
  return { customer, contact, conversationId: conversation.id }
}

describe('text at the edge', () => {
  it('a NUL or a bidi override in a customer name is removed, not a server error', async () => {
    const { contact } = await customerWithConversation('Bob\u0000 \u202Eevil')
    expect(contact.name).toBe('Bob evil')
    expect((await em().findOneOrFail(Contact, { id: contact.id })).name).toBe('Bob evil')
  })

  it('a NUL in a ticket title is removed', async () => {
    const { conversationId } = await customerWithConversation()
    const agent = world.client({
      cookie: await signIn(world.server.url, world.admin.email, world.admin.password),
    })
    await agent.trpc.conversation.assignToMe.mutate({ conversationId })
    await agent.trpc.conversation.createTicket.mutate({
      conversationId,
      title: 'Broken\u0000 order',
      type: 'ticket',
      priority: 'normal',
    })
    const stored = await em().findOneOrFail(Conversation, { id: conversationId })
    expect(stored.ticketTitle).toBe('Broken order')
  })

  it('a message of only NUL or zero-width spaces is empty, and nothing is stored', async () => {
    const { customer, conversationId } = await customerWithConversation()
    const before = await em().count(Message, { conversation: conversationId })
    for (const body of ['\u0000', '\u200B\u200B\u200B', '\uFEFF \u200D']) {
      expect(
        await refusal(
          customer.trpc.customer.send.mutate({ conversationId, clientId: crypto.randomUUID(), body }),
        ),
      ).toMatchObject({ code: 'BAD_REQUEST', message: 'A message cannot be empty.' })
    }
    expect(await em().count(Message, { conversation: conversationId })).toBe(before)
  })

  it('half an emoji is refused with a clear error, not acknowledged and stored as something else', async () => {
    const { customer, conversationId } = await customerWithConversation()
    const before = await em().count(Message, { conversation: conversationId })
    expect(
      await refusal(
        customer.trpc.customer.send.mutate({
          conversationId,
          clientId: crypto.randomUUID(),
          body: 'hi \uD83D',
        }),
      ),
    ).toEqual({
      code: 'BAD_REQUEST',
      message: 'body: This text contains a broken character (half of an emoji or symbol).',
    })
    expect(await em().count(Message, { conversation: conversationId })).toBe(before)
    // A whole emoji is stored exactly as sent.
    const message = await customer.trpc.customer.send.mutate({
      conversationId,
      clientId: crypto.randomUUID(),
      body: 'hi 😀',
    })
    expect((await em().findOneOrFail(Message, { id: message.id })).body).toBe('hi 😀')
  })
})
