import { createMailer, newMessagesMail } from '@parley/mail'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// Issue 11, part 1: without SMTP_URL mail lands in the dev outbox, which admins read in the agent app.

let h: Harness
let admin: TestAgent
let agent: TestAgent

beforeAll(async () => {
  h = await createHarness()
  admin = await h.admin('Anna')
  agent = await h.supportAgent('Ben')
})
afterAll(() => h.close())

async function sendNotification(title: string) {
  const content = newMessagesMail({
    language: 'en',
    recipientName: 'Carla',
    organisationName: 'Acme',
    conversationTitle: title,
    conversationUrl: `${h.deps.settings.publicUrl}/chat/c/abc`,
    messages: [{ authorName: 'Anna', sentAt: h.clock.now, body: 'Your order **shipped**.' }],
  })
  return h.deps.mailer.send({
    to: { address: 'carla@example.com', name: 'Carla' },
    language: 'en',
    ...content,
  })
}

describe('the dev outbox in the app', () => {
  it('shows an admin the mail the server sent, newest first, and each one’s HTML and text', async () => {
    const anna = await h.asAgent(admin)
    expect(await anna.mail.outbox({})).toEqual({ devOutbox: true, mails: [] })
    const first = await sendNotification('Order 1')
    const second = await sendNotification('Order 2')

    const { devOutbox, mails } = await anna.mail.outbox({})
    expect(devOutbox).toBe(true)
    expect(mails.map((mail) => [mail.subject, mail.messageId])).toEqual([
      ['New message in “Order 2”', second.messageId],
      ['New message in “Order 1”', first.messageId],
    ])
    expect(mails[0]).toMatchObject({ to: { address: 'carla@example.com', name: 'Carla' }, language: 'en' })

    const mail = await anna.mail.outboxMail({ id: mails[1]!.id })
    expect(mail.subject).toBe('New message in “Order 1”')
    expect(mail.html).toContain('Your order <strong>shipped</strong>.')
    expect(mail.text).toContain('Your order shipped.')
    expect(mail.text).toContain('https://help.example.com/chat/c/abc')
    expect((await anna.mail.outbox({ limit: 1 })).mails).toHaveLength(1)
  })

  it('is for admins only: agents are refused', async () => {
    await sendNotification('Private')
    const ben = await h.asAgent(agent)
    const id = (await (await h.asAgent(admin)).mail.outbox({})).mails[0]!.id
    for (const call of [() => ben.mail.outbox({}), () => ben.mail.outboxMail({ id })]) {
      expect(await refusalOf(call)).toMatchObject({ code: 'FORBIDDEN', domainCode: 'ADMIN_ONLY' })
    }
  })

  it('takes only its own ids and bounded lists', async () => {
    const anna = await h.asAgent(admin)
    for (const id of ['../../secrets', '/etc/passwd', 'x'.repeat(5000), '']) {
      expect(await refusalOf(anna.mail.outboxMail({ id }))).toMatchObject({ code: 'BAD_REQUEST' })
    }
    for (const limit of [0, 101, 1.5, -1]) {
      expect(await refusalOf(anna.mail.outbox({ limit }))).toMatchObject({ code: 'BAD_REQUEST' })
    }
    expect(await refusalOf(anna.mail.outboxMail({ id: '1893456000000-000000000000' }))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'There is no such mail in the outbox.',
    })
  })
})

describe('with SMTP_URL set', () => {
  it('says there is no dev outbox', async () => {
    const smtp = await createHarness({
      mailer: createMailer({
        smtpUrl: 'smtp://127.0.0.1:9',
        from: 'support@example.com',
        dataDir: '/nonexistent',
      }),
    })
    try {
      const anna = await smtp.asAgent(await smtp.admin('Anna'))
      expect(await anna.mail.outbox({})).toEqual({ devOutbox: false, mails: [] })
      expect(await refusalOf(anna.mail.outboxMail({ id: '1893456000000-000000000000' }))).toMatchObject({
        code: 'NOT_FOUND',
        message: 'Mail goes out over SMTP (SMTP_URL): there is no dev outbox.',
      })
    } finally {
      await smtp.close()
    }
  })
})
