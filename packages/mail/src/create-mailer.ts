import path from 'node:path'
import { DevOutbox } from './dev-outbox.ts'
import { type MailAddress, type Mailer, parseMailbox } from './mail.ts'
import { smtpMailer } from './smtp-mailer.ts'

export interface MailerOptions {
  /** SMTP_URL: without it mail goes to the dev outbox. */
  smtpUrl?: string | undefined
  /** MAIL_FROM, e.g. `Parley <support@localhost>`. */
  from: string | MailAddress
  /** DATA_DIR: the dev outbox is its `outbox/` folder. */
  dataDir: string
  now?: () => Date
}

/** The server's one mailer, chosen at start (rule 12; DESIGN.md "Configuration"). */
export function createMailer(options: MailerOptions): Mailer {
  const from = typeof options.from === 'string' ? parseMailbox(options.from) : options.from
  if (!from) throw new Error(`MAIL_FROM must be one email address, such as "Parley <support@example.com>"`)
  if (options.smtpUrl) return smtpMailer(options.smtpUrl, from)
  const outbox = new DevOutbox(path.join(options.dataDir, 'outbox'), from, { now: options.now })
  return {
    outbox,
    send: (mail) => outbox.send(mail),
    close() {},
  }
}
