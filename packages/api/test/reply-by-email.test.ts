import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Contact, Message } from '@parley/db'
import { type InboundServer, signReplyToken } from '@parley/mail'
import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { theOrganisation } from '../src/helpdesk.ts'
import type { CustomerEvent, InboxEvent } from '../src/index.ts'
import { mailTokenSecretOf, replyHeadersFor, startReplyByEmail } from '../src/reply-by-email.ts'
import { type Caller, createHarness, type Harness, type TestAgent } from './harness.ts'

// Issue 11, parts 3 and 4 from outside: replies to notifications arrive over a real SMTP exchange at the
// inbound server (here on an ephemeral port), sent by nodemailer as a mail client's server would, and
// land in their conversation as the person the notification went to — or are refused and post nothing.

const DOMAIN = 'help.example.com'
let h: Harness
let inbound: InboundServer
let smtp: Transporter
let anna: TestAgent
let ben: TestAgent
let annaCaller: Caller
let sequence = 0

beforeAll(async () => {
  h = await createHarness()
  h.deps.settings.inboundEmailDomain = DOMAIN
  inbound = await startReplyByEmail(h.deps, { port: 0, host: '127.0.0.1' })
  smtp = createTransport({ host: '127.0.0.1', port: inbound.port, secure: false, ignoreTLS: true })
  anna = await h.supportAgent('Anna')
  ben = await h.supportAgent('Ben')
  annaCaller = await h.asAgent(anna)
})
afterAll(async () => {
  smtp?.close()
  await inbound?.close()
  await h?.close()
})

/** A customer who gave their email in the chat, with one open conversation. */
async function customerWithEmail(options: { locale?: string } = {}) {
  sequence += 1
  const email = `carla${sequence}@example.com`
  const { token, contact } = await h.anonymous().customer.start({ name: 'Carla', email })
  const caller = h.asCustomer(token)
  const { conversation } = await caller.customer.startConversation({
    clientId: crypto.randomUUID(),
    body: 'Where is my parcel?',
  })
  if (options.locale) {
    const em = h.em()
    const row = await em.findOneOrFail(Contact, { id: contact.id })
    row.locale = options.locale
    await em.flush()
  }
  return { email, token, contactId: contact.id, caller, conversationId: conversation.id }
}

function send(options: SendMailOptions & { envelopeFrom?: string }) {
  const { envelopeFrom, ...mail } = options
  return smtp.sendMail({
    subject: 'Re: New message in “Order 1234”',
    ...mail,
    ...(envelopeFrom !== undefined && { envelope: { from: envelopeFrom, to: mail.to as string } }),
  })
}

const quoted =
  '\n\nOn Mon, Dec 7, 2026 at 10:15 AM Anna via Acme <support@help.example.com> wrote:\n> Your parcel is on its way.\n'

async function messagesOf(conversationId: string) {
  return h.em().find(Message, { conversation: conversationId }, { orderBy: { createdAt: 'asc', id: 'asc' } })
}

async function textMessages(conversationId: string) {
  return (await messagesOf(conversationId)).filter((m) => m.kind === 'text')
}

async function outboxCount() {
  return (await h.deps.mailer.outbox!.list(100)).length
}

/** The latest mail in the dev outbox, with its raw headers. */
async function latestMail() {
  const outbox = h.deps.mailer.outbox!
  const [summary] = await outbox.list(1)
  const mail = await outbox.read(summary!.id)
  return { ...mail!, eml: readFileSync(path.join(outbox.dir, `${summary!.id}.eml`), 'utf8') }
}

describe('the secret reply tokens are signed with', () => {
  it('is made once and kept, even when instances ask for it at the same moment', async () => {
    // The helpdesk's row exists once set up; each copy of the collaborators is an API of its own
    // (perApi), as another instance would be.
    const em = h.em()
    await theOrganisation(em)
    await em.flush()
    const secrets = await Promise.all([1, 2, 3].map(() => mailTokenSecretOf({ ...h.deps })))
    expect(new Set(secrets).size).toBe(1)
    expect(secrets[0]).toMatch(/^[\w-]{43}$/)
    expect(await mailTokenSecretOf(h.deps)).toBe(secrets[0])
  })
})

describe('a customer replies to a notification', () => {
  it('lands in the conversation as them, without the quoted notification, live in the chat and the inbox', async () => {
    const carla = await customerWithEmail()
    const { lastEventId } = await carla.caller.customer.conversation({ id: carla.conversationId })
    const chat = await h.subscribe<CustomerEvent>({ visitorToken: carla.token }, (c) =>
      c.customer.onEvents({ lastEventId }),
    )
    const inbox = await h.subscribe<InboxEvent>(await h.sessionOf(anna), (c) =>
      c.conversation.onInbox({ lastEventId: null }),
    )
    await h.untilFollowed({ kind: 'contact', contactId: carla.contactId }, 1)
    const headers = await replyHeadersFor(h.deps, {
      conversationId: carla.conversationId,
      recipient: { kind: 'customer', id: carla.contactId },
    })
    expect(headers.replyTo.address).toMatch(/^reply\+[a-z2-7]+@help\.example\.com$/)

    await send({
      from: `Carla <${carla.email.toUpperCase()}>`,
      to: headers.replyTo.address,
      inReplyTo: headers.messageId,
      references: [...headers.references, headers.messageId],
      text: `Thanks, it arrived!${quoted}`,
    })

    const [, reply] = await textMessages(carla.conversationId)
    expect(reply).toMatchObject({ body: 'Thanks, it arrived!', visibility: 'public' })
    expect(reply!.authorContact?.id).toBe(carla.contactId)
    const live = await chat.waitFor(
      (e) => e.type === 'message.created' && e.message.body === 'Thanks, it arrived!',
    )
    expect(live.data).toMatchObject({ message: { authorKind: 'customer', visibility: 'public' } })
    await inbox.waitFor(
      (e) => 'message' in e && (e as { message?: { body?: string } }).message?.body === 'Thanks, it arrived!',
    )
    const { messages } = await carla.caller.customer.conversation({ id: carla.conversationId })
    expect(messages.at(-1)).toMatchObject({ body: 'Thanks, it arrived!', authorKind: 'customer' })
    await chat.stop()
    await inbox.stop()
  })

  it('is posted once when the sending server delivers the same mail twice', async () => {
    const carla = await customerWithEmail()
    const { replyTo } = await replyHeadersFor(h.deps, {
      conversationId: carla.conversationId,
      recipient: { kind: 'customer', id: carla.contactId },
    })
    const mail = {
      from: carla.email,
      to: replyTo.address,
      text: 'Once, please.',
      messageId: '<retry-1@example.com>',
    }
    await send(mail)
    await send(mail)
    expect((await textMessages(carla.conversationId)).map((m) => m.body)).toEqual([
      'Where is my parcel?',
      'Once, please.',
    ])
  })

  it('still lands when the client answered From, by In-Reply-To, or by the marker in the quoted text', async () => {
    const carla = await customerWithEmail()
    const headers = await replyHeadersFor(h.deps, {
      conversationId: carla.conversationId,
      recipient: { kind: 'customer', id: carla.contactId },
    })
    await send({
      from: carla.email,
      to: `support@${DOMAIN}`,
      inReplyTo: headers.messageId,
      text: 'By thread.',
    })
    await send({
      from: carla.email,
      to: `support@${DOMAIN}`,
      text: `By marker.\n\nOn Monday Anna wrote:\n> Your parcel is on its way.\n> ${headers.bodyMarker}\n`,
    })
    expect((await textMessages(carla.conversationId)).map((m) => m.body)).toEqual([
      'Where is my parcel?',
      'By thread.',
      'By marker.',
    ])
  })

  it('reopens a closed chat, as a message in the chat does', async () => {
    const carla = await customerWithEmail()
    await annaCaller.conversation.close({ conversationId: carla.conversationId })
    const { replyTo } = await replyHeadersFor(h.deps, {
      conversationId: carla.conversationId,
      recipient: { kind: 'customer', id: carla.contactId },
    })
    await send({ from: carla.email, to: replyTo.address, text: 'One more question.' })
    const { conversation, messages } = await carla.caller.customer.conversation({ id: carla.conversationId })
    expect(conversation.status).toBe('open')
    expect(messages.at(-1)).toMatchObject({ body: 'One more question.' })
  })
})

describe('what is refused and never posted', () => {
  /** The mail must leave the conversation and the outbox exactly as they were. */
  async function expectNothingPosted(conversationId: string, deliver: () => Promise<unknown>) {
    const before = (await messagesOf(conversationId)).length
    const mails = await outboxCount()
    await deliver()
    expect((await messagesOf(conversationId)).length).toBe(before)
    expect(await outboxCount()).toBe(mails)
  }

  it('a forged, an expired or a malformed token', async () => {
    const carla = await customerWithEmail()
    const { replyTo } = await replyHeadersFor(h.deps, {
      conversationId: carla.conversationId,
      recipient: { kind: 'customer', id: carla.contactId },
    })
    const [local, domain] = replyTo.address.split('@') as [string, string]
    const at = local.length - 10
    const forged = `${local.slice(0, at)}${local[at] === 'a' ? 'b' : 'a'}${local.slice(at + 1)}@${domain}`
    const expired = signReplyToken(
      {
        conversationId: carla.conversationId,
        recipient: { kind: 'customer', id: carla.contactId },
        expiresAt: new Date(h.clock.now.getTime() - 60_000),
      },
      await mailTokenSecretOf(h.deps),
    )
    const malformed = 'a'.repeat(expired.length)
    await expectNothingPosted(carla.conversationId, async () => {
      await send({ from: carla.email, to: forged, text: 'Forged.' })
      await send({ from: carla.email, to: `reply+${expired}@${DOMAIN}`, text: 'Expired.' })
      await send({ from: carla.email, to: `reply+${malformed}@${DOMAIN}`, text: 'Malformed.' })
    })
  })

  it('an address of ours that is no reply address, refused before the mail is sent', async () => {
    await expect(send({ from: 'x@example.com', to: `reply+short@${DOMAIN}`, text: 'x' })).rejects.toThrow(
      /550/,
    )
    await expect(send({ from: 'x@example.com', to: `anna@${DOMAIN}`, text: 'x' })).rejects.toThrow(/550/)
    await expect(send({ from: 'x@example.com', to: 'someone@elsewhere.example', text: 'x' })).rejects.toThrow(
      /550/,
    )
    // support@ without a token would start a conversation (part 5): refused to the sender, not dropped.
    await expect(
      send({ from: 'x@example.com', to: `support@${DOMAIN}`, text: 'New question' }),
    ).rejects.toThrow(/550/)
  })

  it('a From address that is not the person the notification went to', async () => {
    const carla = await customerWithEmail()
    const { replyTo } = await replyHeadersFor(h.deps, {
      conversationId: carla.conversationId,
      recipient: { kind: 'customer', id: carla.contactId },
    })
    await expectNothingPosted(carla.conversationId, () =>
      send({ from: 'mallory@example.com', to: replyTo.address, text: 'I am Carla, honestly.' }),
    )
  })

  it('auto-replies, mailing-list mail, bounces and delivery reports', async () => {
    const carla = await customerWithEmail()
    const { replyTo } = await replyHeadersFor(h.deps, {
      conversationId: carla.conversationId,
      recipient: { kind: 'customer', id: carla.contactId },
    })
    const base = { from: carla.email, to: replyTo.address, text: 'I am out of the office until Monday.' }
    await expectNothingPosted(carla.conversationId, async () => {
      await send({ ...base, headers: { 'Auto-Submitted': 'auto-replied' } })
      await send({ ...base, headers: { 'X-Autoreply': 'yes' } })
      await send({ ...base, headers: { 'X-Autorespond': 'yes' } })
      await send({ ...base, headers: { Precedence: 'bulk' } })
      await send({ ...base, headers: { Precedence: 'auto_reply' } })
      await send({ ...base, envelopeFrom: 'MAILER-DAEMON@mx.example.com' })
      await send({
        envelope: { from: 'postmaster@mx.example.com', to: replyTo.address },
        raw: [
          `From: Mail Delivery System <mailer-daemon@mx.example.com>`,
          `To: ${replyTo.address}`,
          'Subject: Undelivered Mail Returned to Sender',
          'MIME-Version: 1.0',
          'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
          '',
          '--b1',
          'Content-Type: text/plain',
          '',
          'This is the mail system. Your message could not be delivered.',
          '--b1',
          'Content-Type: message/delivery-status',
          '',
          'Final-Recipient: rfc822; carla@example.com',
          'Action: failed',
          'Status: 5.1.1',
          '--b1--',
          '',
        ].join('\r\n'),
      })
    })
  })

  it('a reply with nothing left once the quoted notification is taken away', async () => {
    const carla = await customerWithEmail()
    const { replyTo } = await replyHeadersFor(h.deps, {
      conversationId: carla.conversationId,
      recipient: { kind: 'customer', id: carla.contactId },
    })
    await expectNothingPosted(carla.conversationId, () =>
      send({ from: carla.email, to: replyTo.address, text: quoted.trimStart() }),
    )
  })

  it('mail from a blocked contact is dropped, without an answer (rule 7)', async () => {
    const carla = await customerWithEmail()
    const { replyTo } = await replyHeadersFor(h.deps, {
      conversationId: carla.conversationId,
      recipient: { kind: 'customer', id: carla.contactId },
    })
    await h.blockContact(carla.contactId)
    await expectNothingPosted(carla.conversationId, () =>
      send({ from: carla.email, to: replyTo.address, text: 'Let me in.' }),
    )
  })
})

describe('a reply to a closed ticket (rule 4)', () => {
  async function closedTicket(locale?: string) {
    const carla = await customerWithEmail({ locale })
    await annaCaller.conversation.assignToMe({ conversationId: carla.conversationId })
    await annaCaller.conversation.createTicket({
      conversationId: carla.conversationId,
      title: 'Parcel',
      type: 'ticket',
      priority: 'normal',
    })
    await annaCaller.conversation.close({ conversationId: carla.conversationId })
    const { replyTo } = await replyHeadersFor(h.deps, {
      conversationId: carla.conversationId,
      recipient: { kind: 'customer', id: carla.contactId },
    })
    return { ...carla, replyTo }
  }

  it('is not posted; the customer gets an automatic answer with a way to start a new conversation', async () => {
    const carla = await closedTicket()
    const before = (await messagesOf(carla.conversationId)).length
    await send({
      from: carla.email,
      to: carla.replyTo.address,
      text: 'Still broken!',
      messageId: '<late-1@example.com>',
    })
    expect((await messagesOf(carla.conversationId)).length).toBe(before)
    const answer = await latestMail()
    expect(answer.to.address).toBe(carla.email)
    expect(answer.language).toBe('en')
    expect(answer.text).toContain('this ticket has been closed')
    expect(answer.text).toContain('https://help.example.com/chat/new')
    expect(answer.eml).toMatch(/^Auto-Submitted: auto-replied\r$/m)
    expect(answer.eml).toMatch(/^In-Reply-To: <late-1@example\.com>\r$/m)
  })

  it('answers in German for a customer who uses the chat in German', async () => {
    const carla = await closedTicket('de')
    await send({ from: carla.email, to: carla.replyTo.address, text: 'Immer noch kaputt!' })
    const answer = await latestMail()
    expect(answer.language).toBe('de')
    expect(answer.text).toContain('Dieses Ticket ist geschlossen')
    expect(answer.text).toContain('Neue Unterhaltung beginnen: https://help.example.com/chat/new')
  })
})

describe('an agent replies to a notification (rule 2)', () => {
  it('is a reply to the customer when the conversation is assigned to them', async () => {
    const carla = await customerWithEmail()
    await annaCaller.conversation.assignToMe({ conversationId: carla.conversationId })
    const { replyTo } = await replyHeadersFor(h.deps, {
      conversationId: carla.conversationId,
      recipient: { kind: 'agent', id: anna.id },
    })
    await send({ from: anna.email, to: replyTo.address, text: `It ships today.${quoted}` })
    const { messages } = await carla.caller.customer.conversation({ id: carla.conversationId })
    expect(messages.at(-1)).toMatchObject({
      body: 'It ships today.',
      authorKind: 'agent',
      visibility: 'public',
    })
  })

  it('becomes an internal note when it is not theirs to answer, and they are told by mail', async () => {
    const carla = await customerWithEmail()
    await annaCaller.conversation.assignToMe({ conversationId: carla.conversationId })
    const { replyTo } = await replyHeadersFor(h.deps, {
      conversationId: carla.conversationId,
      recipient: { kind: 'agent', id: ben.id },
    })
    const { lastEventId } = await carla.caller.customer.conversation({ id: carla.conversationId })
    const chat = await h.subscribe<CustomerEvent>({ visitorToken: carla.token }, (c) =>
      c.customer.onEvents({ lastEventId }),
    )
    await send({ from: ben.email, to: replyTo.address, text: 'I think we should refund.' })

    const [, note] = await textMessages(carla.conversationId)
    expect(note).toMatchObject({ body: 'I think we should refund.', visibility: 'internal' })
    expect(note!.authorAgent?.id).toBe(ben.id)
    const { messages } = await carla.caller.customer.conversation({ id: carla.conversationId })
    expect(messages.map((m) => m.body)).not.toContain('I think we should refund.')
    const told = await latestMail()
    expect(told.to.address).toBe(ben.email)
    expect(told.text).toContain('added as an internal note')
    expect(told.text).toContain(`https://help.example.com/c/${carla.conversationId}`)
    expect(told.eml).toMatch(/^Auto-Submitted: auto-replied\r$/m)
    // Rule 1: the customer's live stream never carries the note.
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(chat.data.filter((e) => e.type === 'message.created' && e.message.kind === 'text')).toEqual([])
    await chat.stop()
  })

  it('from an address that is not theirs is refused', async () => {
    const carla = await customerWithEmail()
    await annaCaller.conversation.assignToMe({ conversationId: carla.conversationId })
    const { replyTo } = await replyHeadersFor(h.deps, {
      conversationId: carla.conversationId,
      recipient: { kind: 'agent', id: anna.id },
    })
    const before = (await messagesOf(carla.conversationId)).length
    await send({ from: ben.email, to: replyTo.address, text: 'Pretending to be Anna.' })
    expect((await messagesOf(carla.conversationId)).length).toBe(before)
  })
})
