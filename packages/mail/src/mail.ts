import addressparser from 'nodemailer/lib/addressparser'
import type { DevOutbox } from './dev-outbox.ts'

/** The languages mail is written in: those of the apps (DESIGN.md, "UI"). */
export type MailLanguage = 'en' | 'de'

/** A person's stored locale (their app's language) as the language of their mail; English unless German. */
export function mailLanguageOf(locale: string | null | undefined): MailLanguage {
  return locale?.toLowerCase().startsWith('de') ? 'de' : 'en'
}

export interface MailAddress {
  address: string
  name?: string
}

/**
 * One message to one person. The threading fields are first-class so reply by email (issue 11,
 * part 3) can set them without reaching into headers: ids are written with their angle brackets.
 */
export interface Mail {
  to: MailAddress
  subject: string
  text: string
  html: string
  /** The recipient's language: written as Content-Language, and what the words were chosen in. */
  language: MailLanguage
  /** Shown instead of MAIL_FROM's name (e.g. "Anna via Acme"); the address stays MAIL_FROM's. */
  fromName?: string
  replyTo?: MailAddress
  /** Generated when absent; the value is returned by `send` either way. */
  messageId?: string
  inReplyTo?: string
  references?: readonly string[]
  /** Further headers such as Auto-Submitted; never the ones the fields above set. */
  headers?: Readonly<Record<string, string>>
}

export interface SentMail {
  messageId: string
}

export interface Mailer {
  send(mail: Mail): Promise<SentMail>
  /** Where mail is kept instead of sent (no SMTP_URL); null when it goes out over SMTP. */
  readonly outbox: DevOutbox | null
  close(): void
}

/** What the outbox and the SMTP transport both refuse: text that would end a header line early. */
const LINE_BREAK = /[\r\n]/
const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/
const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,75}$/
/** Headers the fields and the transport own: setting them by hand would contradict those. */
const OWN_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'subject',
  'reply-to',
  'message-id',
  'in-reply-to',
  'references',
  'content-language',
  'content-type',
  'content-transfer-encoding',
  'mime-version',
  'date',
  'sender',
])
const MAX_SUBJECT_LENGTH = 998
/** Both parts together: a notification is a few kilobytes, this is far past any of them. */
export const MAX_MAIL_BODY_BYTES = 2 * 1024 * 1024

/** `Name <address>` (MAIL_FROM) as a mailbox, or null when it is not exactly one address. */
export function parseMailbox(text: string): MailAddress | null {
  // addressparser forgives an unclosed bracket; configuration should say what it means.
  if (LINE_BREAK.test(text) || text.includes('<') !== text.trim().endsWith('>')) return null
  const parsed = addressparser(text, { flatten: true })
  const [first] = parsed
  if (parsed.length !== 1 || !first?.address || !isAddress(first.address)) return null
  return first.name ? { address: first.address, name: first.name } : { address: first.address }
}

function isAddress(address: string): boolean {
  return /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+$/.test(address)
}

function checkAddress(field: string, value: MailAddress): void {
  if (!isAddress(value.address)) throw new Error(`${field} is not an email address: ${value.address}`)
  if (value.name !== undefined && LINE_BREAK.test(value.name)) throw new Error(`${field} has a line break`)
}

function checkMessageId(field: string, value: string): void {
  if (!MESSAGE_ID.test(value)) throw new Error(`${field} must be written as <id@domain>: ${value}`)
}

/**
 * A mail the caller built wrongly is a bug, not a delivery failure: it is refused before anything is
 * written or sent, so a bad name or id can never add a header line of its own.
 */
export function checkMail(mail: Mail): void {
  checkAddress('to', mail.to)
  if (mail.replyTo) checkAddress('replyTo', mail.replyTo)
  if (mail.fromName !== undefined && LINE_BREAK.test(mail.fromName))
    throw new Error('fromName has a line break')
  if (mail.subject.length > MAX_SUBJECT_LENGTH) throw new Error('The subject is too long')
  if (mail.messageId !== undefined) checkMessageId('messageId', mail.messageId)
  if (mail.inReplyTo !== undefined) checkMessageId('inReplyTo', mail.inReplyTo)
  for (const id of mail.references ?? []) checkMessageId('references', id)
  for (const [name, value] of Object.entries(mail.headers ?? {})) {
    if (!HEADER_NAME.test(name) || OWN_HEADERS.has(name.toLowerCase())) {
      throw new Error(`The header ${name} cannot be set here`)
    }
    if (LINE_BREAK.test(value)) throw new Error(`The header ${name} has a line break`)
  }
  if (Buffer.byteLength(mail.text) + Buffer.byteLength(mail.html) > MAX_MAIL_BODY_BYTES) {
    throw new Error('The mail is too large')
  }
}

/** The message as nodemailer composes it, for either transport. */
export function composeOptions(mail: Mail, from: MailAddress) {
  return {
    from: { address: from.address, name: mail.fromName ?? from.name ?? '' },
    to: { address: mail.to.address, name: mail.to.name ?? '' },
    // A subject is one line: line breaks a template let through become spaces.
    subject: mail.subject.replace(/\s+/g, ' ').trim(),
    text: mail.text,
    html: mail.html,
    ...(mail.replyTo && { replyTo: { address: mail.replyTo.address, name: mail.replyTo.name ?? '' } }),
    ...(mail.messageId && { messageId: mail.messageId }),
    ...(mail.inReplyTo && { inReplyTo: mail.inReplyTo }),
    ...(mail.references?.length && { references: [...mail.references] }),
    headers: { ...mail.headers, 'Content-Language': mail.language },
  }
}
