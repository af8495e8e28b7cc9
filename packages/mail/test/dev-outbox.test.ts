import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createMailer,
  DevOutbox,
  type Mail,
  type Mailer,
  OUTBOX_KEEP,
  OUTBOX_LIST_MAX,
} from '../src/index.ts'
import { decodeWords, readMail } from './read-mail.ts'

// No SMTP_URL: mail is kept in DATA_DIR/outbox for the local dev stack, here in a real temp directory.

let dataDir: string
let mailer: Mailer
let clock: number

const mail = (subject: string, extra: Partial<Mail> = {}): Mail => ({
  to: { address: 'carla@example.com', name: 'Carla Customer' },
  subject,
  text: `Text of ${subject}`,
  html: `<p>HTML of ${subject}</p>`,
  language: 'en',
  ...extra,
})

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'parley-mail-'))
  clock = Date.UTC(2030, 0, 15, 9, 0, 0)
  const now = () => {
    clock += 1000
    return new Date(clock)
  }
  mailer = createMailer({ from: 'Parley <support@localhost>', dataDir, now })
})
afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

describe('the dev outbox', () => {
  it('keeps each mail as a real .eml with both parts, and lists it', async () => {
    const { messageId } = await mailer.send(mail('Grüße aus Köln', { language: 'de' }))

    const outbox = path.join(dataDir, 'outbox')
    const files = readdirSync(outbox).sort()
    expect(files).toHaveLength(4)
    expect(files.map((name) => path.extname(name))).toEqual(['.eml', '.html', '.json', '.txt'])
    const eml = readMail(readFileSync(path.join(outbox, files[0]!), 'utf8'))
    expect(decodeWords(eml.headers.get('subject') ?? '')).toBe('Grüße aus Köln')
    expect(eml.headers.get('message-id')).toBe(messageId)
    expect(eml.headers.get('from')).toBe('Parley <support@localhost>')
    expect(eml.parts.get('text/plain')).toBe('Text of Grüße aus Köln')
    expect(eml.parts.get('text/html')).toBe('<p>HTML of Grüße aus Köln</p>')

    const [summary] = await mailer.outbox!.list()
    expect(summary).toMatchObject({
      messageId,
      subject: 'Grüße aus Köln',
      language: 'de',
      to: { address: 'carla@example.com', name: 'Carla Customer' },
      from: { address: 'support@localhost', name: 'Parley' },
      sentAt: '2030-01-15T09:00:01.000Z',
    })
    expect(summary!.bytes).toBeGreaterThan(100)
    expect(await mailer.outbox!.read(summary!.id)).toMatchObject({
      ...summary,
      html: '<p>HTML of Grüße aus Köln</p>',
      text: 'Text of Grüße aus Köln',
    })
  })

  it('lists the latest first, as many as asked and never more than the cap', async () => {
    for (const n of [1, 2, 3]) await mailer.send(mail(`Mail ${n}`))
    const outbox = mailer.outbox!
    expect((await outbox.list()).map((m) => m.subject)).toEqual(['Mail 3', 'Mail 2', 'Mail 1'])
    expect((await outbox.list(2)).map((m) => m.subject)).toEqual(['Mail 3', 'Mail 2'])
    expect(await outbox.list(0)).toHaveLength(1)
    expect(OUTBOX_LIST_MAX).toBeLessThanOrEqual(100)
  })

  it('is empty before the first mail, without creating anything', async () => {
    expect(await mailer.outbox!.list()).toEqual([])
    expect(readdirSync(dataDir)).toEqual([])
  })

  it('reads only its own ids: paths and made-up names find nothing', async () => {
    await mailer.send(mail('Secret'))
    writeFileSync(path.join(dataDir, 'elsewhere.json'), '{"id":"x"}')
    const outbox = mailer.outbox!
    for (const id of ['../elsewhere', '..%2Felsewhere', '/etc/passwd', '', '0000000000000-000000000000']) {
      expect(await outbox.read(id)).toBeNull()
    }
  })

  it('skips files it did not write complete: unfinished, broken or oversized', async () => {
    await mailer.send(mail('Good'))
    const outbox = path.join(dataDir, 'outbox')
    writeFileSync(path.join(outbox, '.1893456000000-aaaaaaaaaaaa.json.tmp'), '{}')
    writeFileSync(path.join(outbox, '1893456000001-bbbbbbbbbbbb.json'), '{ not json')
    writeFileSync(path.join(outbox, '1893456000002-cccccccccccc.json'), 'x'.repeat(100_000))
    writeFileSync(path.join(outbox, 'notes.txt'), 'hello')
    expect((await mailer.outbox!.list()).map((m) => m.subject)).toEqual(['Good'])
  })

  it('keeps the newest mails only, so it never fills the disk', async () => {
    expect(OUTBOX_KEEP).toBeGreaterThanOrEqual(OUTBOX_LIST_MAX)
    const dir = path.join(dataDir, 'small-outbox')
    const small = new DevOutbox(dir, { address: 'support@localhost' }, { keep: 5 })
    for (let n = 0; n < 8; n++) await small.send(mail(`Mail ${n}`))
    expect(readdirSync(dir)).toHaveLength(5 * 4)
    expect((await small.list()).map((m) => m.subject)).toEqual([
      'Mail 7',
      'Mail 6',
      'Mail 5',
      'Mail 4',
      'Mail 3',
    ])
  })

  it('refuses a mail too large to keep, and one with a header-breaking name', async () => {
    await expect(mailer.send(mail('Huge', { text: 'x'.repeat(3 * 1024 * 1024) }))).rejects.toThrow(
      /too large/,
    )
    await expect(mailer.send(mail('x', { to: { address: 'a@example.com', name: 'A\nB' } }))).rejects.toThrow()
    expect(await mailer.outbox!.list()).toEqual([])
  })
})

describe('MAIL_FROM', () => {
  it('must be exactly one address', () => {
    for (const from of [
      '',
      'nobody',
      'a@example.com, b@example.com',
      'Parley <support@localhost',
      'x@y.z\r\nBcc: a@b.c',
    ]) {
      expect(() => createMailer({ from, dataDir })).toThrow(/MAIL_FROM must be one email address/)
    }
    expect(createMailer({ from: 'support@example.com', dataDir }).outbox).not.toBeNull()
  })
})
