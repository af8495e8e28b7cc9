import { canAdministerTeam } from '@parley/domain'
import { OUTBOX_ID, OUTBOX_LIST_MAX } from '@parley/mail'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { agentProcedure, router, unwrap } from '../trpc.ts'

/** The dev outbox holds mail to customers and agents alike: admins only. */
const adminProcedure = agentProcedure.use(({ ctx, next }) => {
  unwrap(canAdministerTeam(ctx.actor))
  return next()
})

const addressOutput = z.object({ address: z.string(), name: z.string().optional() })

const summaryOutput = z.object({
  id: z.string(),
  messageId: z.string(),
  from: addressOutput,
  to: addressOutput,
  subject: z.string(),
  language: z.enum(['en', 'de']),
  sentAt: z.iso.datetime(),
  bytes: z.number().int(),
})

const NO_OUTBOX = 'Mail goes out over SMTP (SMTP_URL): there is no dev outbox.'

/**
 * Issue 11, part 1: without SMTP_URL, mail is kept in DATA_DIR's dev outbox, and admins read it here, so
 * the local dev stack needs no mail server.
 */
export const mailRouter = router({
  /** The latest mails, newest first; `devOutbox: false` when mail is really sent. */
  outbox: adminProcedure
    .input(z.object({ limit: z.number().int().min(1).max(OUTBOX_LIST_MAX).default(50) }))
    .output(z.object({ devOutbox: z.boolean(), mails: z.array(summaryOutput) }))
    .query(async ({ ctx, input }) => {
      const { outbox } = ctx.deps.mailer
      if (!outbox) return { devOutbox: false, mails: [] }
      return { devOutbox: true, mails: await outbox.list(input.limit) }
    }),

  /** One mail with its HTML and plain-text parts. */
  outboxMail: adminProcedure
    .input(z.object({ id: z.string().regex(OUTBOX_ID, 'Not an outbox mail id.') }))
    .output(summaryOutput.extend({ html: z.string(), text: z.string() }))
    .query(async ({ ctx, input }) => {
      const { outbox } = ctx.deps.mailer
      if (!outbox) throw new TRPCError({ code: 'NOT_FOUND', message: NO_OUTBOX })
      const mail = await outbox.read(input.id)
      if (!mail) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such mail in the outbox.' })
      return mail
    }),
})
