import type { AddressInfo } from 'node:net'
import { PendingMail } from '@parley/db'
import { DEFAULT_EMAIL_FALLBACK_MS } from '@parley/domain'
import { type Mailer, type OutboxSummary, smtpMailer } from '@parley/mail'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Sweeper } from '../src/sweeps.ts'
import { type Caller, createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// Rule 12 from outside: whoever has not seen a message within a minute gets it by email — one mail per
// conversation per sweep, never twice, never a note to a customer, customers only when not in the chat —
// through the real dev outbox (files in a temporary DATA_DIR), and across a mail server that fails.

let h: Harness
let anna: TestAgent
let ben: TestAgent
let asAnna: Caller
let asBen: Caller

beforeAll(async () => {
  h = await createHarness()
  anna = await h.supportAgent('Anna')
  ben = await h.supportAgent('Ben')
  asAnna = await h.asAgent(anna)
  asBen = await h.asAgent(ben)
})
afterAll(() => h?.close())

const clientId = () => crypto.randomUUID()
const outbox = () => h.deps.mailer.outbox!
/** The mails the outbox holds for `address`, oldest first. */
async function mailsTo(address: string): Promise<OutboxSummary[]> {
  return (await outbox().list(100)).filter((mail) => mail.to.address === address).reverse()
}
const textOf = async (mail: OutboxSummary) => (await outbox().read(mail.id))!.text
/** Several instances sweeping at once, as on several servers: each batch is one instance's to mail. */
const sweepEverywhere = () => Promise.all([1, 2, 3].map(() => new Sweeper(h.deps).sweep()))
const pastTheWait = () => h.clock.advance(DEFAULT_EMAIL_FALLBACK_MS + 6_000)

async function customerWithEmail(email: string, body: string) {
  const { token, contact } = await h.anonymous().customer.start({ name: 'Kim', email })
  const caller = h.asCustomer(token)
  const { conversation } = await caller.customer.startConversation({ clientId: clientId(), body })
  return { token, caller, contactId: contact.id, conversationId: conversation.id }
}

describe('the email fallback (rule 12)', () => {
  it('mails the replies a customer has not seen once, in one mail, after the wait; never a note', async () => {
    const kim = await customerWithEmail('kim@example.com', 'Where is my parcel?')
    await asAnna.conversation.assignToMe({ conversationId: kim.conversationId })
    await asAnna.conversation.reply({
      conversationId: kim.conversationId,
      clientId: clientId(),
      body: 'Let me look.',
    })
    await asAnna.conversation.note({
      conversationId: kim.conversationId,
      clientId: clientId(),
      body: 'Secret: courier lost it',
    })
    await asAnna.conversation.reply({
      conversationId: kim.conversationId,
      clientId: clientId(),
      body: 'It is **on its way**.',
    })
    await sweepEverywhere()
    expect(await mailsTo('kim@example.com')).toEqual([])

    pastTheWait()
    await sweepEverywhere()

    const mails = await mailsTo('kim@example.com')
    expect(mails).toHaveLength(1)
    // About the helpdesk's conversation, not "a new message in Kim".
    expect(mails[0]!.subject).toBe('2 new messages in “Parley”')
    const text = await textOf(mails[0]!)
    expect(text).toContain('Let me look.')
    expect(text).toContain('on its way')
    expect(text).toContain(`https://help.example.com/chat/c/${kim.conversationId}`)
    expect(text).not.toContain('courier')
    expect((await outbox().read(mails[0]!.id))!.html).not.toContain('courier')
    // Nothing left to send, and nothing sent again.
    expect(await h.count(PendingMail)).toBe(0)
    pastTheWait()
    await sweepEverywhere()
    expect(await mailsTo('kim@example.com')).toHaveLength(1)
  })

  it('mails the assignee what the customer wrote while they were away, unless they read it', async () => {
    const lea = await customerWithEmail('lea@example.com', 'Hello?')
    await asBen.conversation.assignToMe({ conversationId: lea.conversationId })
    // Ben has it open: he has seen "Hello?".
    await asBen.conversation.markRead({ conversationId: lea.conversationId })
    pastTheWait()
    await sweepEverywhere()
    expect(await mailsTo(ben.email)).toEqual([])
    await lea.caller.customer.send({
      conversationId: lea.conversationId,
      clientId: clientId(),
      body: 'Anyone there?',
    })
    pastTheWait()
    await sweepEverywhere()
    const mails = await mailsTo(ben.email)
    expect(mails).toHaveLength(1)
    expect(await textOf(mails[0]!)).toContain('Anyone there?')
    expect(await textOf(mails[0]!)).toContain(`https://help.example.com/c/${lea.conversationId}`)
    // Anna is not part of it: the inbox shows her the chat, her mailbox does not.
    expect(await mailsTo(anna.email)).toEqual([])

    await lea.caller.customer.send({
      conversationId: lea.conversationId,
      clientId: clientId(),
      body: 'Still here.',
    })
    await asBen.conversation.markRead({ conversationId: lea.conversationId })
    pastTheWait()
    await sweepEverywhere()
    expect(await mailsTo(ben.email)).toHaveLength(1)
  })

  it('mails a note to the colleague it @mentions, and nothing of it to the customer', async () => {
    const max = await customerWithEmail('max@example.com', 'Refund please')
    await asAnna.conversation.assignToMe({ conversationId: max.conversationId })
    await asAnna.conversation.note({
      conversationId: max.conversationId,
      clientId: clientId(),
      body: '@Ben can you approve this refund?',
    })
    const before = (await mailsTo(ben.email)).length
    pastTheWait()
    await sweepEverywhere()
    const toBen = await mailsTo(ben.email)
    expect(toBen).toHaveLength(before + 1)
    expect(await textOf(toBen.at(-1)!)).toContain('can you approve this refund?')
    expect(await mailsTo('max@example.com')).toEqual([])
  })

  it('writes to each in the language they last used the app in', async () => {
    const udo = await customerWithEmail('udo@example.com', 'Wo bleibt mein Paket?')
    await udo.caller.customer.setLocale({ locale: 'de' })
    const carla = await h.supportAgent('Carla')
    const asCarla = await h.asAgent(carla)
    await asCarla.auth.setLocale({ locale: 'de' })
    await asCarla.conversation.assignToMe({ conversationId: udo.conversationId })
    await asCarla.conversation.reply({
      conversationId: udo.conversationId,
      clientId: clientId(),
      body: 'Ist unterwegs.',
    })
    // Assigned to Carla, not yet read by her: she hears of it by email.
    const vera = await customerWithEmail('vera@example.com', 'Danke für die schnelle Hilfe!')
    await asCarla.conversation.assignToMe({ conversationId: vera.conversationId })
    pastTheWait()
    await sweepEverywhere()
    const [toUdo] = await mailsTo('udo@example.com')
    const [toCarla] = await mailsTo(carla.email)
    expect(toUdo).toMatchObject({ language: 'de', subject: expect.stringContaining('Neue Nachricht') })
    expect(await textOf(toUdo!)).toContain('Ist unterwegs.')
    expect(toCarla).toMatchObject({ language: 'de' })
    expect(await textOf(toCarla!)).toContain('Danke für die schnelle Hilfe!')
    // She answered Udo: what came before her answer she has seen.
    expect(await mailsTo(carla.email)).toHaveLength(1)
    expect((await refusalOf(udo.caller.customer.setLocale({ locale: 'fr' as 'de' }))).code).toBe(
      'BAD_REQUEST',
    )
  })

  it('does not mail a customer who is in the chat', async () => {
    const ona = await customerWithEmail('ona@example.com', 'Quick question')
    const chat = await h.subscribe({ visitorToken: ona.token }, (c) => c.customer.onEvents({}))
    await asAnna.conversation.assignToMe({ conversationId: ona.conversationId })
    await asAnna.conversation.reply({
      conversationId: ona.conversationId,
      clientId: clientId(),
      body: 'Sure, ask.',
    })
    pastTheWait()
    await sweepEverywhere()
    expect(await mailsTo('ona@example.com')).toEqual([])
    await chat.stop()
  })

  it('keeps a mail the mail server refused, and sends it when the server is back', async () => {
    let refuse = true
    const received: string[] = []
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('end', () => {
          if (refuse) return done(Object.assign(new Error('Try again later'), { responseCode: 451 }))
          received.push(Buffer.concat(chunks).toString('utf8'))
          done()
        })
      },
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.server.address() as AddressInfo).port
    const mailer: Mailer = smtpMailer(`smtp://127.0.0.1:${port}`, { address: 'support@help.example.com' })
    const smtp = await createHarness({ mailer })
    try {
      const agent = await smtp.supportAgent('Anna')
      const asAgent = await smtp.asAgent(agent)
      const { token } = await smtp.anonymous().customer.start({ name: 'Pia', email: 'pia@example.com' })
      const { conversation } = await smtp
        .asCustomer(token)
        .customer.startConversation({ clientId: clientId(), body: 'Is it in stock?' })
      await asAgent.conversation.assignToMe({ conversationId: conversation.id })
      await asAgent.conversation.markRead({ conversationId: conversation.id })
      await asAgent.conversation.reply({
        conversationId: conversation.id,
        clientId: clientId(),
        body: 'Yes, 3 left.',
      })
      smtp.clock.advance(DEFAULT_EMAIL_FALLBACK_MS + 6_000)

      const first = await new Sweeper(smtp.deps).sweep()
      expect(first.mailSent).toBe(0)
      const [pending] = await smtp.em().find(PendingMail, {})
      expect(pending).toMatchObject({ attempts: 1, lastError: expect.stringContaining('Try again later') })

      refuse = false
      // Not before its retry is due; then once.
      expect((await new Sweeper(smtp.deps).sweep()).mailSent).toBe(0)
      smtp.clock.advance(60_000)
      expect((await new Sweeper(smtp.deps).sweep()).mailSent).toBe(1)
      expect(received).toHaveLength(1)
      expect(received[0]).toContain('Yes, 3 left.')
      expect(received[0]).toMatch(/^Auto-Submitted: auto-generated/m)
      expect(received[0]).toMatch(new RegExp(`^In-Reply-To:\\s+<conversation\\.${conversation.id}@`, 'm'))
      // Replies go to a signed address of this customer's own.
      expect(received[0]).toMatch(/^Reply-To:\s+reply\+[a-z2-7]+@/m)
      smtp.clock.advance(10 * 60_000)
      await new Sweeper(smtp.deps).sweep()
      expect(received).toHaveLength(1)
    } finally {
      await smtp.close()
      mailer.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
