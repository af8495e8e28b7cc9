export { createMailer, type MailerOptions } from './create-mailer.ts'
export {
  DevOutbox,
  OUTBOX_ID,
  OUTBOX_KEEP,
  OUTBOX_LIST_MAX,
  type OutboxMail,
  type OutboxSummary,
} from './dev-outbox.ts'
export {
  checkMail,
  MAX_MAIL_BODY_BYTES,
  type Mail,
  type MailAddress,
  type Mailer,
  type MailLanguage,
  parseMailbox,
  type SentMail,
} from './mail.ts'
export {
  MAX_MESSAGES_IN_MAIL,
  type MailContent,
  type NewMessagesInput,
  type NotifiedMessage,
  newMessagesMail,
} from './new-messages.template.ts'
export { smtpMailer } from './smtp-mailer.ts'
export { type MailStringKey, mailStrings } from './strings.ts'
