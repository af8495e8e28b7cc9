import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMailer, type Mailer, newMessagesMail } from '../src/index.ts'
import { decodeWords, readMail } from './read-mail.ts'

// SMTP_URL set: mail goes out over a real SMTP exchange, here with a capture server on an ephemeral port.

interface Received {
  from: string
  to: string[]
  raw: string
}

let server: SMTPServer
let smtpUrl: string
const received: Received[] = []

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on localhost: a self-signed STARTTLS certificate would be refused by the client.
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('mail over SMTP', () => {
  let mailer: Mailer
  beforeAll(() => {
    mailer = createMailer({ smtpUrl, from: 'Parley Support <support@parley.test>', dataDir: '/nonexistent' })
  })
  afterAll(() => mailer.close())

  it('has no dev outbox', () => {
    expect(mailer.outbox).toBeNull()
  })

  it('delivers both parts, in UTF-8, with the sender, recipient and threading headers', async () => {
    const content = newMessagesMail({
      language: 'de',
      recipientName: 'Jürgen Größe',
      organisationName: 'Bäckerei Müller',
      conversationTitle: 'Brötchen für Dienstag',
      conversationUrl: 'https://help.example.com/c/123',
      messages: [
        {
          authorName: 'Anna Weiß',
          sentAt: new Date('2030-01-15T09:00:00Z'),
          body: 'Schöne **Grüße** – ä ö ü ß',
        },
      ],
    })
    const { messageId } = await mailer.send({
      to: { address: 'juergen@example.com', name: 'Jürgen Größe' },
      ...content,
      language: 'de',
      fromName: 'Anna über Bäckerei Müller',
      replyTo: { address: 'reply+token@parley.test' },
      messageId: '<notification-1@parley.test>',
      inReplyTo: '<earlier@parley.test>',
      references: ['<first@parley.test>', '<earlier@parley.test>'],
      headers: { 'Auto-Submitted': 'auto-generated' },
    })

    expect(messageId).toBe('<notification-1@parley.test>')
    expect(received).toHaveLength(1)
    const [delivered] = received
    expect(delivered).toMatchObject({ from: 'support@parley.test', to: ['juergen@example.com'] })
    const mail = readMail(delivered!.raw)
    const header = (name: string) => decodeWords(mail.headers.get(name) ?? '')
    expect(header('subject')).toBe('Neue Nachricht in „Brötchen für Dienstag“')
    // Non-ASCII names travel as encoded words, readable once decoded.
    expect(mail.headers.get('from')).toMatch(/^=\?UTF-8\?/i)
    expect(header('from')).toBe('Anna über Bäckerei Müller <support@parley.test>')
    expect(header('to')).toBe('Jürgen Größe <juergen@example.com>')
    expect(header('reply-to')).toBe('reply+token@parley.test')
    expect(header('message-id')).toBe('<notification-1@parley.test>')
    expect(header('in-reply-to')).toBe('<earlier@parley.test>')
    expect(header('references')).toBe('<first@parley.test> <earlier@parley.test>')
    expect(header('content-language')).toBe('de')
    expect(header('auto-submitted')).toBe('auto-generated')
    expect(mail.headers.get('content-type')).toMatch(/^multipart\/alternative/)
    expect(mail.parts.get('text/plain')).toContain('Schöne Grüße – ä ö ü ß')
    expect(mail.parts.get('text/plain')).toContain('Hallo Jürgen Größe,')
    expect(mail.parts.get('text/html')).toContain('Schöne <strong>Grüße</strong> – ä ö ü ß')
    expect(mail.parts.get('text/html')).toContain('href="https://help.example.com/c/123"')
  })

  it('makes up a Message-ID when none is given, and says which', async () => {
    const before = received.length
    const { messageId } = await mailer.send({
      to: { address: 'carla@example.com' },
      subject: 'Hello',
      text: 'Hi',
      html: '<p>Hi</p>',
      language: 'en',
    })
    expect(messageId).toMatch(/^<[^<>@\s]+@parley\.test>$/)
    const mail = readMail(received[before]!.raw)
    expect(mail.headers.get('message-id')).toBe(messageId)
    expect(mail.headers.get('from')).toBe('Parley Support <support@parley.test>')
  })

  it('refuses a mail whose fields would add header lines, before connecting', async () => {
    const before = received.length
    const base = { subject: 'x', text: 'x', html: 'x', language: 'en' as const }
    await expect(
      mailer.send({ ...base, to: { address: 'a@example.com', name: 'Eve\r\nBcc: victim@example.com' } }),
    ).rejects.toThrow(/line break/)
    await expect(
      mailer.send({ ...base, to: { address: 'a@example.com\r\nBcc: b@example.com' } }),
    ).rejects.toThrow(/not an email address/)
    await expect(
      mailer.send({ ...base, to: { address: 'a@example.com' }, headers: { Bcc: 'b@example.com' } }),
    ).rejects.toThrow(/cannot be set/)
    await expect(
      mailer.send({ ...base, to: { address: 'a@example.com' }, inReplyTo: 'x>\r\nBcc: b@example.com' }),
    ).rejects.toThrow(/<id@domain>/)
    expect(received).toHaveLength(before)
  })

  it('a server that refuses the recipient fails the send', async () => {
    const picky = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('No such user here'), { responseCode: 550 }))
      },
    })
    await new Promise<void>((resolve) => picky.listen(0, '127.0.0.1', resolve))
    const refusing = createMailer({
      smtpUrl: `smtp://127.0.0.1:${(picky.server.address() as AddressInfo).port}`,
      from: 'support@parley.test',
      dataDir: '/nonexistent',
    })
    try {
      await expect(
        refusing.send({
          to: { address: 'nobody@example.com' },
          subject: 'x',
          text: 'x',
          html: 'x',
          language: 'en',
        }),
      ).rejects.toThrow(/No such user here/)
    } finally {
      refusing.close()
      await new Promise<void>((resolve) => picky.close(() => resolve()))
    }
  })
})
