import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, type Harness, refusalOf } from './harness.ts'

// Issue 11, part 6 from outside: a customer asks for their conversation by email from the chat. It goes
// to their own address, holds what they saw and no note, and cannot be had for someone else's
// conversation, without an address, when blocked, or over and over.

let h: Harness
beforeAll(async () => {
  h = await createHarness()
})
afterAll(() => h?.close())

const clientId = () => crypto.randomUUID()

async function conversationWithReplyAndNote(email: string | undefined) {
  const agent = await h.supportAgent()
  const asAgent = await h.asAgent(agent)
  const { token, contact } = await h.anonymous().customer.start({ name: 'Kim', email })
  const caller = h.asCustomer(token)
  const { conversation } = await caller.customer.startConversation({
    clientId: clientId(),
    body: 'Order 4711?',
  })
  await asAgent.conversation.assignToMe({ conversationId: conversation.id })
  await asAgent.conversation.note({
    conversationId: conversation.id,
    clientId: clientId(),
    body: 'VIP, be quick',
  })
  await asAgent.conversation.reply({
    conversationId: conversation.id,
    clientId: clientId(),
    body: 'Shipped today.',
  })
  return { caller, contactId: contact.id, conversationId: conversation.id }
}

describe('a transcript by email', () => {
  it('goes to the customer’s own address with what they saw, and no note', async () => {
    const kim = await conversationWithReplyAndNote('kim@example.com')
    expect(await kim.caller.customer.emailTranscript({ conversationId: kim.conversationId })).toEqual({
      sentTo: 'kim@example.com',
    })
    const [mail] = await h.deps.mailer.outbox!.list(1)
    expect(mail).toMatchObject({ to: { address: 'kim@example.com' } })
    const { text, html } = (await h.deps.mailer.outbox!.read(mail!.id))!
    expect(text).toContain('Order 4711?')
    expect(text).toContain('Shipped today.')
    expect(`${text}${html}`).not.toContain('VIP')
  })

  it('is refused for another customer’s conversation, without an address, and when blocked', async () => {
    const kim = await conversationWithReplyAndNote('kim2@example.com')
    const stranger = await conversationWithReplyAndNote('eve@example.com')
    const sentBefore = (await h.deps.mailer.outbox!.list(100)).length
    expect(
      (await refusalOf(stranger.caller.customer.emailTranscript({ conversationId: kim.conversationId })))
        .domainCode,
    ).toBe('NOT_VISIBLE')
    const anonymous = await conversationWithReplyAndNote(undefined)
    expect(
      (
        await refusalOf(
          anonymous.caller.customer.emailTranscript({ conversationId: anonymous.conversationId }),
        )
      ).domainCode,
    ).toBe('NO_EMAIL_ADDRESS')
    await h.blockContact(kim.contactId)
    expect(
      (await refusalOf(kim.caller.customer.emailTranscript({ conversationId: kim.conversationId })))
        .domainCode,
    ).toBe('CONTACT_BLOCKED')
    expect((await refusalOf(kim.caller.customer.emailTranscript({ conversationId: 'not-an-id' }))).code).toBe(
      'BAD_REQUEST',
    )
    expect(await h.deps.mailer.outbox!.list(100)).toHaveLength(sentBefore)
  })

  it('is limited: three an hour for one customer', async () => {
    const kim = await conversationWithReplyAndNote('kim3@example.com')
    for (let i = 0; i < 3; i++)
      await kim.caller.customer.emailTranscript({ conversationId: kim.conversationId })
    const refusal = await refusalOf(
      kim.caller.customer.emailTranscript({ conversationId: kim.conversationId }),
    )
    expect(refusal.code).toBe('TOO_MANY_REQUESTS')
  })
})
