import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { type InboundMail, parseInboundMail } from './inbound-mail.ts'
import { tokenOfReplyAddress } from './reply-token.ts'

/** Larger mails are refused while they arrive: far past any reply, and past what attachments may be. */
export const INBOUND_MAX_BYTES = 25 * 1024 * 1024

/** The addresses of INBOUND_EMAIL_DOMAIN mail is taken for. */
export type InboundRecipient = 'reply' | 'support'

export function inboundRecipientOf(address: string, domain: string): InboundRecipient | null {
  if (tokenOfReplyAddress(address, domain) !== null) return 'reply'
  return address.toLowerCase() === `support@${domain.toLowerCase()}` ? 'support' : null
}

/** Thrown by `onMail` to refuse a mail for good (550): the sending server tells its sender. */
export class MailRefused extends Error {}

export interface InboundServerOptions {
  port: number
  host: string
  /** INBOUND_EMAIL_DOMAIN: this server is its MX. */
  domain: string
  /** Which kinds of address are taken; others are refused at RCPT, before the mail is sent. */
  accepts: readonly InboundRecipient[]
  maxBytes?: number
  /**
   * Called once per mail, after it is received whole. Resolving answers 250 (taken, whether posted or
   * refused by the rules: a refusal is logged, and never bounced to a sender who may be forged).
   * Throwing MailRefused answers 550; anything else 451, so the sending server tries again later.
   */
  onMail(mail: InboundMail): Promise<void>
}

export interface InboundServer {
  port: number
  close(): Promise<void>
}

/**
 * The inbound SMTP server (issue 11, part 3) on INBOUND_SMTP_PORT: no sign-in, it is the MX of its
 * domain; STARTTLS is offered (with smtp-server's own certificate) for senders that want it.
 */
export async function startInboundServer(options: InboundServerOptions): Promise<InboundServer> {
  const maxBytes = options.maxBytes ?? INBOUND_MAX_BYTES
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH'],
    size: maxBytes,
    banner: 'Parley',
    logger: false,
    // A sender that stalls does not hold up a shutdown for long.
    closeTimeout: 5_000,
    onRcptTo(address, _session, callback) {
      const kind = inboundRecipientOf(address.address, options.domain)
      if (kind === null || !options.accepts.includes(kind)) {
        callback(Object.assign(new Error('No such mailbox here'), { responseCode: 550 }))
        return
      }
      callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('error', (error: Error) => callback(error))
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error('The mail is too large'), { responseCode: 552 }))
          return
        }
        const envelope = {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        }
        parseInboundMail(Buffer.concat(chunks), envelope)
          .then((mail) => options.onMail(mail))
          .then(
            () => callback(),
            (error: unknown) => {
              if (error instanceof MailRefused) {
                callback(Object.assign(new Error(error.message), { responseCode: 550 }))
                return
              }
              console.error('[mail] an inbound mail could not be handled:', (error as Error).message)
              callback(Object.assign(new Error('Please try again later'), { responseCode: 451 }))
            },
          )
      })
    },
  })
  server.on('error', (error) => console.error('[mail] inbound SMTP:', error.message))
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.server.off('error', reject)
      resolve()
    })
  })
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
