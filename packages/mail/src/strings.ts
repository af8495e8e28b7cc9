import type { MailLanguage } from './mail.ts'

// The words of Parley's emails. Apps translate in the browser; mail is written on the server in the
// recipient's language, so its words live with the templates.

export const en = {
  'newMessages.subject.one': 'New message in “{title}”',
  'newMessages.subject.other': '{count} new messages in “{title}”',
  'newMessages.greeting': 'Hello {name},',
  'newMessages.greetingNoName': 'Hello,',
  'newMessages.intro.one': 'there is a message you have not seen yet in “{title}”:',
  'newMessages.intro.other': 'there are {count} messages you have not seen yet in “{title}”:',
  'newMessages.earlier.one': 'One earlier message is in the conversation.',
  'newMessages.earlier.other': '{count} earlier messages are in the conversation.',
  'newMessages.internalNote': 'Internal note',
  'newMessages.open': 'Open the conversation',
  'newMessages.footer': 'You get this email from {organisation} because these messages were waiting for you.',
  'transcript.subject': 'Your conversation with {organisation}: “{title}”',
  'transcript.intro': 'here is the conversation “{title}”, as you asked:',
  'transcript.footer': 'You get this email from {organisation} because you asked for it in the chat.',
}

export type MailStringKey = keyof typeof en

export const de = {
  'newMessages.subject.one': 'Neue Nachricht in „{title}“',
  'newMessages.subject.other': '{count} neue Nachrichten in „{title}“',
  'newMessages.greeting': 'Hallo {name},',
  'newMessages.greetingNoName': 'Hallo,',
  'newMessages.intro.one': 'in „{title}“ wartet eine Nachricht, die Sie noch nicht gesehen haben:',
  'newMessages.intro.other': 'in „{title}“ warten {count} Nachrichten, die Sie noch nicht gesehen haben:',
  'newMessages.earlier.one': 'Eine frühere Nachricht finden Sie in der Unterhaltung.',
  'newMessages.earlier.other': '{count} frühere Nachrichten finden Sie in der Unterhaltung.',
  'newMessages.internalNote': 'Interne Notiz',
  'newMessages.open': 'Unterhaltung öffnen',
  'newMessages.footer':
    'Sie erhalten diese E-Mail von {organisation}, weil diese Nachrichten auf Sie gewartet haben.',
  'transcript.subject': 'Ihre Unterhaltung mit {organisation}: „{title}“',
  'transcript.intro': 'hier ist die Unterhaltung „{title}“, wie gewünscht:',
  'transcript.footer':
    'Sie erhalten diese E-Mail von {organisation}, weil Sie sie im Chat angefordert haben.',
} satisfies Record<MailStringKey, string>

export const mailStrings: Record<MailLanguage, Record<MailStringKey, string>> = { en, de }

/** `key` in `language`, with `{name}` placeholders filled in. The result is text: escape it for HTML. */
export function mailText(
  language: MailLanguage,
  key: MailStringKey,
  params: Record<string, string | number> = {},
): string {
  return mailStrings[language][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  )
}

/** The `.one` or `.other` form of `key` for `count` (both languages have just these two). */
export function mailPlural(
  language: MailLanguage,
  key: string,
  count: number,
  params: Record<string, string | number> = {},
): string {
  return mailText(language, `${key}.${count === 1 ? 'one' : 'other'}` as MailStringKey, { ...params, count })
}
