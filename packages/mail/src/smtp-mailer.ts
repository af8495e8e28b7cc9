import { createTransport } from 'nodemailer'
import { checkMail, composeOptions, type MailAddress, type Mailer } from './mail.ts'

/**
 * Mail over SMTP_URL (`smtp://user:pass@host:587`, `smtps://…:465`; nodemailer reads further options
 * from the query, e.g. `?pool=true`). A server that does not answer fails the send within seconds rather
 * than holding a sweep for minutes (nodemailer waits two by default).
 */
export function smtpMailer(smtpUrl: string, from: MailAddress): Mailer {
  const transport = createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  })
  return {
    outbox: null,
    async send(mail) {
      checkMail(mail)
      const info = await transport.sendMail(composeOptions(mail, from))
      return { messageId: info.messageId }
    },
    close() {
      transport.close()
    },
  }
}
