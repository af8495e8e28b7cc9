import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { automaticMail, type InboundMail, parseInboundMail, replyText } from '../src/index.ts'

// Replies as the common mail clients write them (fixtures/*.eml), in English and German: what the
// person wrote is kept, the quoted notification and the signature are not.

const envelope = { mailFrom: 'someone@example.com', rcptTo: ['reply+x@help.example.com'] }
const fixture = (name: string) =>
  parseInboundMail(readFileSync(path.join(import.meta.dirname, 'fixtures', `${name}.eml`)), envelope)

describe('the text of a reply, without quoted history and signatures', () => {
  it.each([
    ['gmail-en', 'Thanks Anna, the tracking link works now.\n\nCould you send the invoice as well?'],
    ['gmail-de', 'Vielen Dank, das Paket ist angekommen. Grüße aus Köln!'],
    ['outlook-en', 'Hi Anna,\n\nThe parcel arrived today, thank you!'],
    [
      'outlook-de',
      'Hallo Anna,\n\nkönnen Sie mir die Rechnung bitte noch einmal schicken?\n\nMit freundlichen Grüßen\nJürgen Größe',
    ],
    ['apple-mail-en', 'Perfect, see you on Friday.'],
    ['apple-mail-de', 'Alles klar, danke!'],
    ['thunderbird-en', 'Yes, please change the address to:\n\nHauptstrasse 5\n10115 Berlin'],
    ['thunderbird-de', 'Hallo Anna,\n\ndie Lieferung kam beschädigt an. Bitte um Rückruf.'],
  ])('%s', async (name, expected) => {
    const mail = await fixture(name)
    expect(replyText(mail.text)).toBe(expected)
    expect(automaticMail(mail)).toBeNull()
  })

  it('reads the sender and threading headers, decoded', async () => {
    const mail = await fixture('outlook-de')
    expect(mail.from).toBe('juergen@example.de')
    expect(mail.subject).toBe('AW: Neue Nachricht in „Bestellung 1234“')
    expect(mail.inReplyTo).toBe('<notification-1@help.example.com>')
    expect(mail.recipients[0]).toMatch(/^reply\+a+@help\.example\.com$/)
  })
})

describe('mail from robots (automaticMail)', () => {
  const base = async (headers: string, mailFrom = 'carla@example.com'): Promise<InboundMail> =>
    parseInboundMail(
      Buffer.from(
        `From: Carla <carla@example.com>\r\nTo: x@help.example.com\r\nSubject: Hi\r\n${headers}\r\nHello`,
      ),
      { mailFrom, rcptTo: [] },
    )

  it.each([
    ['Auto-Submitted: auto-replied\r\n', 'auto-submitted'],
    ['Auto-Submitted: auto-generated; owner-email="x@y"\r\n', 'auto-submitted'],
    ['X-Autoreply: yes\r\n', 'auto-reply'],
    ['X-Autorespond: Out of office\r\n', 'auto-reply'],
    ['Precedence: bulk\r\n', 'bulk'],
    ['Precedence: junk\r\n', 'bulk'],
    ['Precedence: list\r\n', 'bulk'],
    ['Precedence: auto_reply\r\n', 'bulk'],
    ['Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n', 'delivery-report'],
  ])('%s is %s', async (headers, kind) => {
    expect(automaticMail(await base(headers))).toBe(kind)
  })

  it('bounces come with an empty return path or from the mailer daemon', async () => {
    expect(automaticMail(await base('', ''))).toBe('bounce')
    expect(automaticMail(await base('', 'MAILER-DAEMON@mx.example.com'))).toBe('bounce')
  })

  it('a person says Auto-Submitted: no, or nothing', async () => {
    expect(automaticMail(await base('Auto-Submitted: no\r\n'))).toBeNull()
    expect(automaticMail(await base(''))).toBeNull()
  })
})
