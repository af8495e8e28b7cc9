import { escapeHtml } from '@parley/markdown'
import type { MailLanguage } from './mail.ts'
import type { MailContent } from './new-messages.template.ts'

/**
 * The answers to a reply by email that was not posted as sent (issue 11, part 4): a customer's reply
 * to a closed ticket (rule 4), an agent's reply that became an internal note (rule 2). Short, in the
 * recipient's language; sent with Auto-Submitted: auto-replied by the caller.
 */
export type ReplyNotice =
  | { kind: 'ticketClosed'; language: MailLanguage; subject: string; newConversationUrl: string }
  | { kind: 'postedAsNote'; language: MailLanguage; subject: string; conversationUrl: string }

const words = {
  en: {
    ticketClosed: {
      lead: 'Your reply was not added: this ticket has been closed.',
      action: 'Start a new conversation',
    },
    postedAsNote: {
      lead: 'Your reply was added as an internal note, not sent to the customer: the conversation is not assigned to you.',
      action: 'Open the conversation',
    },
  },
  de: {
    ticketClosed: {
      lead: 'Ihre Antwort wurde nicht übernommen: Dieses Ticket ist geschlossen.',
      action: 'Neue Unterhaltung beginnen',
    },
    postedAsNote: {
      lead: 'Ihre Antwort wurde als interne Notiz gespeichert und nicht an den Kunden gesendet: Die Unterhaltung ist Ihnen nicht zugewiesen.',
      action: 'Unterhaltung öffnen',
    },
  },
} satisfies Record<MailLanguage, Record<ReplyNotice['kind'], { lead: string; action: string }>>

export function replyNoticeMail(notice: ReplyNotice): MailContent {
  const { lead, action } = words[notice.language][notice.kind]
  const link = new URL(notice.kind === 'ticketClosed' ? notice.newConversationUrl : notice.conversationUrl)
  if (link.protocol !== 'https:' && link.protocol !== 'http:') throw new Error('The link must be http(s)')
  const subject = /^(re|aw):/i.test(notice.subject.trim())
    ? notice.subject.trim()
    : `${notice.language === 'de' ? 'AW' : 'Re'}: ${notice.subject.trim()}`
  return {
    subject,
    text: `${lead}\n\n${action}: ${link.href}`,
    html: `<!doctype html>
<html lang="${notice.language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:sans-serif;font-size:15px;line-height:1.5;color:#111827;">
<p>${escapeHtml(lead)}</p>
<p><a href="${escapeHtml(link.href)}">${escapeHtml(action)}</a></p>
</body></html>`,
  }
}
