import EmailReplyParser from 'email-reply-parser'
import { type AddressObject, type HeaderValue, simpleParser } from 'mailparser'

/** A mail received by the inbound SMTP server (issue 11, part 3), read into what the helpdesk uses. */
export interface InboundMail {
  /** The SMTP envelope: who the sending server says it is from (empty for bounces), and to whom. */
  envelope: { mailFrom: string; rcptTo: string[] }
  /** The From header's address, lower case; null when there is none that parses. */
  from: string | null
  /** To and Cc, lower case. */
  recipients: string[]
  subject: string
  messageId: string | null
  inReplyTo: string | null
  references: string[]
  /** Header values as text, by lower-case name (the first of each). */
  headers: ReadonlyMap<string, string>
  /** The plain-text body (made from the HTML when the mail has no text part). */
  text: string
  /** Files sent along, without the pictures embedded in the HTML (signature logos, quoted images). */
  attachments: Array<{ filename: string | null; contentType: string; content: Buffer }>
}

export async function parseInboundMail(raw: Buffer, envelope: InboundMail['envelope']): Promise<InboundMail> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true })
  const headers = new Map<string, string>()
  for (const [name, value] of parsed.headers) headers.set(name.toLowerCase(), headerText(value))
  const references = [parsed.references ?? []].flat()
  return {
    envelope,
    from: addressesOf(parsed.from)[0] ?? null,
    recipients: [...addressesOf(parsed.to), ...addressesOf(parsed.cc)],
    subject: parsed.subject ?? '',
    messageId: parsed.messageId ?? null,
    inReplyTo: parsed.inReplyTo ?? null,
    references: references.flatMap((value) => value.split(/\s+/)).filter(Boolean),
    headers,
    text: parsed.text ?? '',
    attachments: parsed.attachments
      .filter((attachment) => !attachment.related)
      .map((attachment) => ({
        filename: attachment.filename ?? null,
        contentType: attachment.contentType,
        content: attachment.content,
      })),
  }
}

function headerText(value: HeaderValue): string {
  if (typeof value === 'string') return value
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map((item) => headerText(item as HeaderValue)).join(', ')
  if (typeof value === 'object' && value !== null) {
    if ('value' in value && typeof value.value === 'string') return value.value
    if ('text' in value && typeof value.text === 'string') return value.text
  }
  return String(value)
}

function addressesOf(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : [field].flat()
  const out: string[] = []
  const walk = (entries: AddressObject['value']) => {
    for (const entry of entries) {
      if (entry.address) out.push(entry.address.toLowerCase())
      if (entry.group) walk(entry.group)
    }
  }
  for (const object of objects) walk(object.value)
  return out
}

export type AutomaticMail = 'auto-submitted' | 'auto-reply' | 'bulk' | 'delivery-report' | 'bounce'

/**
 * Out-of-office answers, mailing-list traffic and bounces are no replies from a person: posting them
 * would fill a thread with noise, and answering them could start a loop between two robots (RFC 3834).
 */
export function automaticMail(mail: InboundMail): AutomaticMail | null {
  const header = (name: string) => mail.headers.get(name)?.trim().toLowerCase() ?? ''
  const autoSubmitted = header('auto-submitted').split(';')[0]!.trim()
  if (autoSubmitted !== '' && autoSubmitted !== 'no') return 'auto-submitted'
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond')) return 'auto-reply'
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(header('precedence'))) return 'bulk'
  if (header('content-type').startsWith('multipart/report')) return 'delivery-report'
  const sender = mail.envelope.mailFrom.toLowerCase()
  if (sender === '' || /^(mailer-daemon|postmaster)@/.test(sender)) return 'bounce'
  if (mail.from && /^(mailer-daemon|postmaster)@/.test(mail.from)) return 'bounce'
  return null
}

/** Sign-offs phones add that the reply parser does not know in every language. */
const DEVICE_SIGNATURES = [
  /^(sent|gesendet) (from|von|mit) (my|meinem|meiner) .{1,40}$/i,
  /^von meinem .{1,40} gesendet\.?$/i,
  /^get outlook for (ios|android)$/i,
  /^outlook für (ios|android) beziehen$/i,
]

/**
 * Gmail wraps a long quote header ("Am … schrieb Anna <" / "reply+…>:") over two lines, which the
 * parser then takes for words of the reply: joined again first.
 */
function unwrapQuoteHeaders(text: string): string {
  return text.replace(
    /^((?:On|Am) [^\n]{1,300})\n([^\n]{1,300}:)[ \t]*$/gm,
    (whole, first: string, second: string) =>
      /\b(wrote|schrieb)\b[^\n]*:$/.test(`${first} ${second}`) ? `${first}${second}` : whole,
  )
}

/**
 * What the person wrote, without the quoted history (English and German quote headers, Outlook's
 * header block, `>` lines) and signatures: by Crisp's `email-reply-parser`, maintained and tested on
 * many clients' mail, plus the sign-offs of phones it leaves behind.
 */
export function replyText(text: string): string {
  const visible = new EmailReplyParser()
    .read(unwrapQuoteHeaders(text.replace(/\r\n/g, '\n')))
    .getVisibleText()
  const lines = visible.split('\n')
  while (lines.length > 0) {
    const last = lines[lines.length - 1]!.trim()
    if (last === '' || DEVICE_SIGNATURES.some((pattern) => pattern.test(last))) lines.pop()
    else break
  }
  return lines.join('\n').trim()
}
