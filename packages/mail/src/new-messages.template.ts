import { escapeHtml, renderMarkdown, toPlainText } from '@parley/markdown'
import type { MailLanguage } from './mail.ts'
import { mailPlural, mailText } from './strings.ts'

export interface NotifiedMessage {
  authorName: string
  sentAt: Date
  /** Markdown, as written. */
  body: string
  /** An internal note (rule 1: only ever in an agent's mail; the caller decides who gets one). */
  internal?: boolean
}

export interface NewMessagesInput {
  language: MailLanguage
  recipientName?: string
  organisationName: string
  /** What the recipient knows the conversation by: a ticket's title, the customer's name. */
  conversationTitle: string
  /** Absolute http(s) link that opens the conversation (PUBLIC_URL-based). */
  conversationUrl: string
  messages: readonly NotifiedMessage[]
  /** Times are written in this IANA zone, with its abbreviation; the recipient's if known. */
  timeZone?: string
}

export interface MailContent {
  subject: string
  html: string
  text: string
}

/** A mail shows the latest ones; the link has the rest. */
export const MAX_MESSAGES_IN_MAIL = 20

const ACCENT = '#4f46e5'
const NOTE = '#d97706'
const MUTED = '#6b7280'
const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"

function formatTime(language: MailLanguage, at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(at)
}

/**
 * Mail clients ignore style sheets unevenly: the few elements Markdown produces get their look inline.
 * Only tags renderMarkdown itself writes match (raw HTML in a message is escaped before this).
 */
function styleMarkdown(html: string): string {
  return html
    .replaceAll('<p>', '<p style="margin:0 0 8px;">')
    .replaceAll(
      '<blockquote>',
      `<blockquote style="margin:0 0 8px;padding:0 0 0 12px;border-left:3px solid #d1d5db;color:${MUTED};">`,
    )
    .replaceAll(
      '<pre>',
      '<pre style="margin:0 0 8px;padding:8px 10px;background:#f3f4f6;border-radius:4px;overflow-x:auto;font-size:13px;">',
    )
    .replaceAll(
      '<code>',
      '<code style="font-family:SFMono-Regular,Consolas,Menlo,monospace;font-size:13px;">',
    )
    .replaceAll('<a href=', `<a style="color:${ACCENT};" href=`)
}

/**
 * "New messages in conversation X" (rule 12): the messages the recipient has not seen, oldest first,
 * as HTML (rendered, sanitised Markdown; inline styles; nothing loaded from elsewhere) and as plain text,
 * with a link to the conversation. Every caller-given word is escaped in the HTML part.
 */
export function newMessagesMail(input: NewMessagesInput): MailContent {
  const { language } = input
  const sorted = [...input.messages].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime())
  const shown = sorted.slice(-MAX_MESSAGES_IN_MAIL)
  const earlier = sorted.length - shown.length
  const count = sorted.length
  const title = input.conversationTitle.trim()
  return conversationMail(input, shown, {
    subject: mailPlural(language, 'newMessages.subject', count, { title }),
    intro: mailPlural(language, 'newMessages.intro', count, { title }),
    earlierLine: earlier > 0 ? mailPlural(language, 'newMessages.earlier', earlier) : null,
    footer: mailText(language, 'newMessages.footer', { organisation: input.organisationName }),
  })
}

/**
 * The conversation as the customer saw it, by email, because they asked (issue 11, part 6). The caller
 * passes only what the customer may read, as many as it holds (transcriptOf in the domain: replies and
 * their own messages, the latest 500).
 */
export function transcriptMail(input: NewMessagesInput): MailContent {
  const { language } = input
  const sorted = [...input.messages].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime())
  const title = input.conversationTitle.trim()
  return conversationMail(input, sorted, {
    subject: mailText(language, 'transcript.subject', { title, organisation: input.organisationName }),
    intro: mailText(language, 'transcript.intro', { title }),
    earlierLine: null,
    footer: mailText(language, 'transcript.footer', { organisation: input.organisationName }),
  })
}

function conversationMail(
  input: NewMessagesInput,
  shown: readonly NotifiedMessage[],
  words: { subject: string; intro: string; earlierLine: string | null; footer: string },
): MailContent {
  const { language } = input
  const { subject, intro, earlierLine, footer } = words
  const url = new URL(input.conversationUrl)
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error('The conversation link must be an http(s) URL')
  }
  const link = url.href
  const timeZone = input.timeZone ?? 'UTC'
  const greeting = input.recipientName?.trim()
    ? mailText(language, 'newMessages.greeting', { name: input.recipientName.trim() })
    : mailText(language, 'newMessages.greetingNoName')
  const open = mailText(language, 'newMessages.open')
  const noteLabel = mailText(language, 'newMessages.internalNote')
  const byline = (message: NotifiedMessage) =>
    [message.authorName, formatTime(language, message.sentAt, timeZone), message.internal ? noteLabel : null]
      .filter((part) => part !== null)
      .join(' · ')

  const text = [
    greeting,
    intro,
    ...(earlierLine ? [earlierLine] : []),
    ...shown.map((message) => `${byline(message)}\n${toPlainText(message.body)}`),
    `${open}: ${link}`,
    `-- \n${footer}`,
  ].join('\n\n')

  const messageHtml = (message: NotifiedMessage) => {
    const colour = message.internal ? NOTE : ACCENT
    const background = message.internal ? 'background:#fffbeb;' : ''
    const label = message.internal
      ? ` · <span style="color:${NOTE};font-weight:600;">${escapeHtml(noteLabel)}</span>`
      : ''
    return `<tr><td style="padding:6px 28px;"><div style="border-left:3px solid ${colour};${background}padding:4px 0 4px 14px;">
<div style="font-size:13px;color:${MUTED};"><strong style="color:#111827;">${escapeHtml(message.authorName)}</strong> · ${escapeHtml(formatTime(language, message.sentAt, timeZone))}${label}</div>
<div style="margin-top:4px;overflow-wrap:anywhere;">${styleMarkdown(renderMarkdown(message.body))}</div>
</div></td></tr>`
  }

  const html = `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border:1px solid #e5e7eb;border-radius:8px;font-family:${FONT};font-size:15px;line-height:1.5;color:#111827;text-align:left;">
<tr><td style="padding:24px 28px 4px;font-size:13px;font-weight:600;color:${MUTED};">${escapeHtml(input.organisationName)}</td></tr>
<tr><td style="padding:0 28px 8px;"><p style="margin:0 0 4px;">${escapeHtml(greeting)}</p><p style="margin:0;">${escapeHtml(intro)}</p></td></tr>
${earlierLine ? `<tr><td style="padding:4px 28px;font-size:13px;color:${MUTED};">${escapeHtml(earlierLine)}</td></tr>\n` : ''}${shown.map(messageHtml).join('\n')}
<tr><td style="padding:16px 28px 28px;"><a href="${escapeHtml(link)}" style="display:inline-block;background:${ACCENT};color:#ffffff;text-decoration:none;font-weight:600;padding:10px 18px;border-radius:6px;">${escapeHtml(open)}</a></td></tr>
</table>
<p style="max-width:560px;margin:12px auto 0;font-family:${FONT};font-size:12px;line-height:1.5;color:${MUTED};">${escapeHtml(footer)}</p>
</td></tr>
</table>
</body>
</html>
`

  return { subject, html, text }
}
