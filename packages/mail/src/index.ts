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
  type AutomaticMail,
  automaticMail,
  type InboundMail,
  parseInboundMail,
  replyText,
} from './inbound-mail.ts'
export {
  INBOUND_MAX_BYTES,
  type InboundRecipient,
  type InboundServer,
  type InboundServerOptions,
  inboundRecipientOf,
  MailRefused,
  startInboundServer,
} from './inbound-server.ts'
export {
  checkMail,
  MAX_MAIL_BODY_BYTES,
  type Mail,
  type MailAddress,
  type Mailer,
  type MailLanguage,
  mailLanguageOf,
  parseMailbox,
  type SentMail,
} from './mail.ts'
export {
  MAX_MESSAGES_IN_MAIL,
  type MailContent,
  type NewMessagesInput,
  type NotifiedMessage,
  newMessagesMail,
  transcriptMail,
} from './new-messages.template.ts'
export { type ReplyNotice, replyNoticeMail } from './reply-notice.template.ts'
export {
  bodyMarker,
  REPLY_TOKEN_LENGTH,
  type ReplyRecipientKind,
  type ReplyTokenPayload,
  type ReplyTokenRefusal,
  replyAddress,
  signReplyToken,
  threadMessageId,
  tokenOfReplyAddress,
  tokensOfBodyMarkers,
  tokensOfMessageIds,
  type VerifiedReplyToken,
  verifyReplyToken,
} from './reply-token.ts'
export { smtpMailer } from './smtp-mailer.ts'
export { type MailStringKey, mailStrings } from './strings.ts'
