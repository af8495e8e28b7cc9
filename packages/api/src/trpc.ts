import { AgentSession, Contact, type EntityManager, isDatabaseBusy, VisitorToken } from '@parley/db'
import type { CustomerActor, DomainErrorCode, Result } from '@parley/domain'
import { initTRPC, TRPCError } from '@trpc/server'
import { getHTTPStatusCodeFromError } from '@trpc/server/http'
import { ZodError } from 'zod'
import { agentActorOf } from './agent-actors.ts'
import type { Context } from './context.ts'
import { perApi, remember } from './per-api.ts'
import { LIMITS, RateLimited } from './rate-limits.ts'
import { hashToken } from './secrets.ts'
import { REMEMBERED_SESSIONS, rememberedSessions, type SessionRef } from './sessions.ts'
import { transformer } from './shared-serialization.ts'

/** A domain refusal carried as a tRPC error's cause, so the formatter can expose its stable code. */
export class DomainRefusal extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The input it is about (a form's required field), offered to the app as a field error. */
    readonly field?: string,
  ) {
    super(message)
  }
}

const httpCodeOf: Record<DomainErrorCode, TRPCError['code']> = {
  NOT_VISIBLE: 'NOT_FOUND',
  NOT_ASSIGNED: 'FORBIDDEN',
  AGENTS_ONLY: 'FORBIDDEN',
  CUSTOMERS_ONLY: 'FORBIDDEN',
  ADMIN_ONLY: 'FORBIDDEN',
  NOT_YOURSELF: 'FORBIDDEN',
  LAST_ADMIN: 'CONFLICT',
  IN_TRASH: 'CONFLICT',
  CONTACT_BLOCKED: 'FORBIDDEN',
  VIDEO_DISABLED: 'FORBIDDEN',
  MESSAGES_IMMUTABLE: 'FORBIDDEN',
  TICKET_CLOSED: 'CONFLICT',
  ALREADY_IN_STATE: 'CONFLICT',
  OFFER_TAKEN: 'CONFLICT',
  OFFER_PENDING: 'CONFLICT',
  ALREADY_A_TICKET: 'CONFLICT',
  INVALID_TRANSITION: 'CONFLICT',
  EMPTY_MESSAGE: 'BAD_REQUEST',
  MESSAGE_TOO_LONG: 'BAD_REQUEST',
  ATTACHMENT_TYPE: 'BAD_REQUEST',
  ATTACHMENT_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  ATTACHMENT_UNAVAILABLE: 'BAD_REQUEST',
  TOO_MANY_ATTACHMENTS: 'BAD_REQUEST',
  INTERNAL_CONVERSATION: 'BAD_REQUEST',
  NOT_A_TICKET: 'BAD_REQUEST',
  ARTICLE_INVALID: 'BAD_REQUEST',
  SLUG_INVALID: 'BAD_REQUEST',
  SLUG_TAKEN: 'CONFLICT',
  ARTICLE_CHANGED: 'CONFLICT',
  PRECHAT_INVALID: 'BAD_REQUEST',
  PRECHAT_REQUIRED: 'BAD_REQUEST',
  IDENTITY_UNVERIFIED: 'FORBIDDEN',
  PUSH_ENDPOINT_INVALID: 'BAD_REQUEST',
  NO_EMAIL_ADDRESS: 'PRECONDITION_FAILED',
}

/** The one place domain codes become tRPC errors (STYLE 5). */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value
  const { code, message, field } = result.error
  throw new TRPCError({ code: httpCodeOf[code], message, cause: new DomainRefusal(code, message, field) })
}

/** The HTTP status of a domain refusal, for the routes outside tRPC (uploads). */
export function httpStatusOfRefusal(code: DomainErrorCode): number {
  return getHTTPStatusCodeFromError(new TRPCError({ code: httpCodeOf[code] }))
}

export function refuse(code: DomainErrorCode, message: string): never {
  return unwrap({ ok: false, error: { code, message } })
}

function describeInvalidInput(error: ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ')
}

/**
 * Input the transformer could not even take apart (superjson meta nested past the stack, a payload of
 * null): tRPC passes the JavaScript error's own sentence on, which says nothing to a client.
 */
function unreadable(error: TRPCError): boolean {
  return (
    (error.code === 'BAD_REQUEST' || error.code === 'PARSE_ERROR') &&
    (error.cause instanceof TypeError || error.cause instanceof RangeError)
  )
}

const t = initTRPC.context<Context>().create({
  transformer,
  // Live updates ride the apps' WebSocket, where they are counted and capped; server-sent events over
  // HTTP would be a second, uncounted way in.
  sse: { enabled: false },
  // Stack traces stay in the server log, never in a response.
  isDev: false,
  errorFormatter({ shape, error }) {
    const invalidInput = error.cause instanceof ZodError ? error.cause : null
    // Refusals keep their sentence (TOO_MANY_REQUESTS says how long to wait); only unexpected failures are hidden.
    return {
      ...shape,
      // Apps show `message` when there is no domain code: a sentence, not the validator's serialised issues.
      message: invalidInput
        ? describeInvalidInput(invalidInput)
        : error.code === 'INTERNAL_SERVER_ERROR'
          ? 'Something went wrong on our side. Please try again.'
          : unreadable(error)
            ? 'The request could not be read: it is not a call the apps would make.'
            : shape.message,
      data: {
        ...shape.data,
        domainCode: error.cause instanceof DomainRefusal ? error.cause.code : null,
        // Field-level messages for forms; never the stack or internals.
        fieldErrors:
          error.cause instanceof ZodError
            ? error.cause.flatten().fieldErrors
            : error.cause instanceof DomainRefusal && error.cause.field
              ? { [error.cause.field]: [error.cause.message] }
              : null,
        // With TOO_MANY_REQUESTS: the wait, so an app can say it in the user's language.
        retryAfterSeconds:
          error.cause instanceof RateLimited ? Math.ceil(error.cause.retryAfterMs / 1000) : null,
      },
    }
  },
})

export const router = t.router
export const createCallerFactory = t.createCallerFactory

/** Every call gets its own identity map: forked per call, never per connection (STYLE 9). */
const withEntityManager = t.middleware(({ ctx, next }) => next({ ctx: { em: ctx.deps.orm.em.fork() } }))

/** Counts a connection's open subscriptions and refuses one past the cap (LIMITS.subscriptionsPerSocket). */
const withSubscriptionCap = t.middleware(async ({ ctx, type, next }) => {
  if (type !== 'subscription') return next()
  const counter = ctx.subscriptions
  if (counter.open >= LIMITS.subscriptionsPerSocket) {
    throw new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: `One connection can follow at most ${LIMITS.subscriptionsPerSocket} live updates at once.`,
    })
  }
  counter.open += 1
  const result = await next()
  const stream = result.ok ? (result.data as AsyncIterable<unknown> | undefined) : undefined
  if (!stream || typeof stream[Symbol.asyncIterator] !== 'function') {
    counter.open -= 1
    return result
  }
  async function* counted() {
    try {
      yield* stream as AsyncIterable<unknown>
    } finally {
      counter.open -= 1
    }
  }
  return { ...result, data: counted() } as typeof result
})

/** A database that keeps its lock is a passing condition, not a fault: 503, and the apps retry. */
const withBusyDatabase = t.middleware(async ({ next }) => {
  const result = await next()
  if (!result.ok && isDatabaseBusy(result.error.cause)) {
    throw new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The database is busy. Please try again in a moment.',
      cause: result.error.cause,
    })
  }
  return result
})

export const publicProcedure = t.procedure
  .use(withBusyDatabase)
  .use(withSubscriptionCap)
  .use(withEntityManager)

async function sessionFor(em: EntityManager, sessionToken: string | null, now: Date) {
  if (!sessionToken) return null
  return em.findOne(
    AgentSession,
    { id: hashToken(sessionToken), expiresAt: { $gt: now } },
    { populate: ['agent'] },
  )
}

export const agentProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const stored = await sessionFor(ctx.em, ctx.credentials.sessionToken, ctx.deps.now())
  if (!stored) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in.' })
  const { agent } = stored
  // Deactivation deletes the sessions too; this holds should a row survive a race with it.
  if (agent.deactivatedAt) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in.' })
  const actor = await agentActorOf(ctx.em, agent)
  const session: SessionRef = { hash: stored.id, expiresAt: stored.expiresAt }
  return next({ ctx: { agent, actor, session } })
})

/**
 * The hot path of an agent's message: only who is writing. Their role and flags, which may change, are
 * read fresh where the message is decided (send-queue.ts).
 */
export const agentSessionProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const token = ctx.credentials.sessionToken
  const tokenHash = token ? hashToken(token) : null
  const cache = rememberedSessions(ctx.deps)
  let session = tokenHash ? cache.get(tokenHash) : undefined
  if (tokenHash && !session) {
    const stored = await ctx.em.findOne(AgentSession, { id: tokenHash }, { fields: ['agent', 'expiresAt'] })
    if (stored) {
      session = { agentId: stored.agent.id, expiresAt: stored.expiresAt }
      remember(cache, tokenHash, session, REMEMBERED_SESSIONS)
    }
  }
  if (!session || session.expiresAt <= ctx.deps.now()) {
    if (tokenHash) cache.delete(tokenHash)
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in.' })
  }
  return next({ ctx: { agentId: session.agentId } })
})

/**
 * The contact a visitor token belongs to: its first token is on the contact, those of further devices
 * (a verified identity, issue 10, part 4) in `visitor_token`.
 */
async function contactIdOfToken(em: EntityManager, tokenHash: string): Promise<string | undefined> {
  const first = await em.findOne(Contact, { tokenHash }, { fields: ['id'] })
  if (first) return first.id
  return (await em.findOne(VisitorToken, { id: tokenHash }, { fields: ['contact'] }))?.contact.id
}

async function contactOfToken(em: EntityManager, tokenHash: string): Promise<Contact | null> {
  const first = await em.findOne(Contact, { tokenHash })
  if (first) return first
  return (await em.findOne(VisitorToken, { id: tokenHash }, { populate: ['contact'] }))?.contact ?? null
}

export const customerProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const token = ctx.credentials.visitorToken
  const contact = token ? await contactOfToken(ctx.em, hashToken(token)) : null
  if (!contact) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Your chat session has expired.' })
  const actor: CustomerActor = { kind: 'customer', contactId: contact.id, blocked: contact.blocked }
  return next({ ctx: { contact, actor } })
})

/** Visitor token hash → contact id, per running API. The pairing never changes, so it is safe to remember. */
const visitorCacheOf = perApi(() => new Map<string, string>())
const VISITOR_CACHE_SIZE = 50_000

/**
 * The hot path of a customer's message: only who the visitor is, without loading the contact. What may
 * change (a block) is read fresh where the message is decided (send-queue.ts).
 */
export const visitorProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const token = ctx.credentials.visitorToken
  const tokenHash = token ? hashToken(token) : null
  const cache = visitorCacheOf(ctx.deps)
  let contactId = tokenHash ? cache.get(tokenHash) : undefined
  if (tokenHash && !contactId) {
    contactId = await contactIdOfToken(ctx.em, tokenHash)
    if (contactId) remember(cache, tokenHash, contactId, VISITOR_CACHE_SIZE)
  }
  if (!contactId) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Your chat session has expired.' })
  return next({ ctx: { contactId } })
})
