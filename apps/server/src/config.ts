import path from 'node:path'
import {
  DEFAULT_EMAIL_FALLBACK_MS,
  DEFAULT_MISSED_AFTER_MS,
  MAX_ATTACHMENT_BYTES,
  PUSH_AFTER_MS,
} from '@parley/domain'
import { parseMailbox } from '@parley/mail'
import { z } from 'zod'

const milliseconds = (fallback: number) => z.coerce.number().int().min(0).max(86_400_000).default(fallback)

/** DESIGN.md "Configuration": every variable optional, validated once at start with a clear message. */
const environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'REDIS_URL must be a redis:// or rediss:// URL' })
    .optional(),
  PUBLIC_URL: z.url().optional(),
  SMTP_URL: z
    .url({
      protocol: /^smtps?$/,
      error: 'SMTP_URL must be an smtp:// or smtps:// URL, such as smtp://user:password@mail.example.com:587',
    })
    .optional(),
  MAIL_FROM: z
    .string()
    .refine((from) => parseMailbox(from) !== null, {
      error: 'MAIL_FROM must be one email address, such as "Parley <support@example.com>"',
    })
    .default('Parley <support@localhost>'),
  INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  INBOUND_EMAIL_DOMAIN: z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i, {
      error: 'INBOUND_EMAIL_DOMAIN must be a domain name, such as help.example.com',
    })
    .default('localhost'),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(8, 'ADMIN_PASSWORD needs at least 8 characters').optional(),
  MISSED_AFTER_MS: milliseconds(DEFAULT_MISSED_AFTER_MS),
  EMAIL_FALLBACK_MS: milliseconds(DEFAULT_EMAIL_FALLBACK_MS),
  PRESENCE_GRACE_MS: milliseconds(10_000),
  DEMO_DATA: z.enum(['0', '1', 'true', 'false']).optional(),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1024 * 1024 * 1024)
    .default(MAX_ATTACHMENT_BYTES),
  PUSH_SERVICES: z.string().optional(),
  PUSH_AFTER_MS: milliseconds(PUSH_AFTER_MS),
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|[0-9])$/, 'TRUST_PROXY must be true, false, or the number of proxies in front (0–9)')
    .optional(),
})

export interface ServerConfig {
  port: number
  host: string
  dataDir: string
  databaseUrl: string | undefined
  /** Shared state of several instances (limits, presence, sign-outs); without it all stays in memory. */
  redisUrl: string | undefined
  /** Base of links the server hands out (setup link, emails). */
  publicUrl: string | undefined
  /** Outbound mail goes over this SMTP server; without it, to the dev outbox in DATA_DIR (admins see it). */
  smtpUrl: string | undefined
  /** The sender of every mail, `Name <address>`. */
  mailFrom: string
  /**
   * Reply by email: the inbound SMTP server's port (2525; with PORT=0, any free one unless set, so
   * servers started side by side in tests do not compete for it) and the domain it is the MX of.
   */
  inboundSmtpPort: number
  inboundEmailDomain: string
  admin: { email: string; password: string } | null
  missedAfterMs: number
  /** Rule 12: how long a message waits unseen before it is emailed to whoever has not seen it. */
  emailFallbackMs: number
  /** How long an agent stays online after their last connection closes (a reload, a flaky network). */
  presenceGraceMs: number
  /** Development: seed agents and conversations into an empty database. */
  demoData: boolean
  /**
   * How many reverse proxies in front append to X-Forwarded-For (0: ignore the header, anyone can send
   * it; Infinity: trust every hop). The per-address limits count by the address this yields.
   */
  trustedProxies: number
  /** The largest attachment, in bytes (rule 10: 10 MB). */
  uploadMaxBytes: number
  /** Push services subscriptions may point to, besides none: the browsers' own unless set (tests). */
  pushServices: readonly string[] | undefined
  /** How long a reply waits unread before it is pushed to the customer's browsers. */
  pushAfterMs: number
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = environment.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')))
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`Invalid configuration:\n${problems.join('\n')}`)
  }
  const e = parsed.data
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    throw new Error(
      'Invalid configuration:\n  ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither.',
    )
  }
  return {
    port: e.PORT,
    host: e.HOST,
    // Relative to where the command was run (pnpm runs scripts inside the package, but keeps INIT_CWD).
    dataDir: path.resolve(env.INIT_CWD ?? process.cwd(), e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    inboundSmtpPort: e.INBOUND_SMTP_PORT ?? (e.PORT === 0 ? 0 : 2525),
    inboundEmailDomain: e.INBOUND_EMAIL_DOMAIN.toLowerCase(),
    admin: e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD } : null,
    missedAfterMs: e.MISSED_AFTER_MS,
    emailFallbackMs: e.EMAIL_FALLBACK_MS,
    presenceGraceMs: e.PRESENCE_GRACE_MS,
    demoData: e.DEMO_DATA === '1' || e.DEMO_DATA === 'true',
    trustedProxies:
      e.TRUST_PROXY === 'true'
        ? Number.POSITIVE_INFINITY
        : e.TRUST_PROXY === 'false'
          ? 0
          : Number(e.TRUST_PROXY ?? 0),
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    pushAfterMs: e.PUSH_AFTER_MS,
    pushServices: e.PUSH_SERVICES?.split(',')
      .map((service) => service.trim())
      .filter(Boolean),
  }
}
