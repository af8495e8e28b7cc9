import { createHmac, randomBytes } from 'node:crypto'
import { Contact, UniqueConstraintViolationException, VisitorToken } from '@parley/db'
import { canAdministerTeam, identifyVisitor, startsBlocked } from '@parley/domain'
import { z } from 'zod'
import type { ApiDeps } from '../context.ts'
import { toContactDTO } from '../dto.ts'
import { theOrganisation } from '../helpdesk.ts'
import { perApi } from '../per-api.ts'
import { hashToken, newToken, safeEqual } from '../secrets.ts'
import { agentProcedure, publicProcedure, router, unwrap } from '../trpc.ts'
import { emailInput } from './auth.router.ts'
import { lineInput } from './inputs.ts'

/** Sites one helpdesk lets embed its widget. */
const WIDGET_SITES_MAX = 20

/** An origin as a browser sends it: scheme, host and port, nothing after. */
const siteInput = z
  .string()
  .trim()
  .max(200)
  .transform((value, context) => {
    try {
      const url = new URL(value)
      if ((url.protocol === 'https:' || url.protocol === 'http:') && url.origin !== 'null') return url.origin
    } catch {}
    context.addIssue({
      code: 'custom',
      message: `"${value}" is not a site address such as https://shop.example.`,
    })
    return z.NEVER
  })

const adminProcedure = agentProcedure.use(({ ctx, next }) => {
  unwrap(canAdministerTeam(ctx.actor))
  return next()
})

/** What the host page's server computes for its logged-in user: HMAC-SHA256 of their id, hex. */
export function userHashOf(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId, 'utf8').digest('hex')
}

/**
 * The allow-list as the server's frame-ancestors needs it on every chat page: read at most every
 * SITES_TTL_MS per instance (at once after a change on this one).
 */
const SITES_TTL_MS = 5_000
const cachedSites = perApi(() => ({ current: null as { sites: string[]; readAt: number } | null }))

export async function widgetSitesOf(deps: ApiDeps): Promise<string[]> {
  const cached = cachedSites(deps)
  if (cached.current && Date.now() - cached.current.readAt < SITES_TTL_MS) return cached.current.sites
  const organisation = await theOrganisation(deps.orm.em.fork())
  cached.current = { sites: organisation.widgetSites ?? [], readAt: Date.now() }
  return cached.current.sites
}

/**
 * Issue 10, parts 3 and 4: the website widget's settings (admins), and a host site vouching for its
 * logged-in user so that user reaches their own history from any browser, and nobody else's.
 */
export const widgetRouter = router({
  settings: adminProcedure.query(async ({ ctx }) => {
    const organisation = await theOrganisation(ctx.em)
    return {
      sites: organisation.widgetSites ?? [],
      identitySecret: organisation.identitySecret ?? null,
    }
  }),

  setSites: adminProcedure
    .input(
      z.object({ sites: z.array(siteInput).max(WIDGET_SITES_MAX, `At most ${WIDGET_SITES_MAX} sites.`) }),
    )
    .mutation(async ({ ctx, input }) => {
      const organisation = await theOrganisation(ctx.em)
      organisation.widgetSites = [...new Set(input.sites)]
      await ctx.em.flush()
      cachedSites(ctx.deps).current = null
      return { sites: organisation.widgetSites }
    }),

  /** A new secret: user hashes made with the old one stop verifying at once. */
  newIdentitySecret: adminProcedure.mutation(async ({ ctx }) => {
    const organisation = await theOrganisation(ctx.em)
    organisation.identitySecret = randomBytes(32).toString('hex')
    await ctx.em.flush()
    return { identitySecret: organisation.identitySecret }
  }),

  /**
   * The host page's word for who its visitor is, with `userHash` to prove it. Verified, the browser gets a
   * token of its own for that user's contact (made on first sight); other devices keep theirs.
   */
  identify: publicProcedure
    .input(
      z.object({
        userId: lineInput(200).pipe(z.string().min(1, 'A user id is needed.')),
        userHash: z.string().regex(/^[0-9a-fA-F]{64}$/, 'A user hash is 64 hexadecimal characters.'),
        name: lineInput(100).optional(),
        email: z.union([emailInput, z.literal('')]).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await ctx.deps.limits.customerStart(ctx.address)
      const secret = (await theOrganisation(ctx.em)).identitySecret ?? null
      const verified =
        secret !== null && safeEqual(userHashOf(secret, input.userId), input.userHash.toLowerCase())
      const known = await ctx.em.findOne(Contact, { externalId: input.userId })
      const { contactId } = unwrap(
        identifyVisitor(
          { secretConfigured: secret !== null, verified },
          known ? { contactId: known.id } : null,
        ),
      )
      // This browser is that user already (the host page says so on every page): it keeps its token.
      const current = ctx.credentials.visitorToken ? hashToken(ctx.credentials.visitorToken) : null
      if (known && current) {
        const same =
          known.tokenHash === current ||
          (await ctx.em.count(VisitorToken, { id: current, contact: known.id })) > 0
        if (same) return { token: ctx.credentials.visitorToken as string, contact: toContactDTO(known) }
      }
      const token = newToken()
      const email = input.email || null
      // The host's verified word: what it says of its user's name and email is kept.
      const contact =
        contactId && known
          ? known
          : ctx.em.create(Contact, {
              externalId: input.userId,
              name: null,
              email: null,
              blocked: startsBlocked(
                email,
                email ? await ctx.em.count(Contact, { email, blocked: true }) : 0,
              ),
              tokenHash: hashToken(token),
            })
      if (input.name) contact.name = input.name
      if (email) contact.email = email
      if (known) ctx.em.create(VisitorToken, { id: hashToken(token), contact: known })
      try {
        await ctx.em.flush()
      } catch (error) {
        // Two first visits of one user at once: the other made the contact; this browser joins it.
        if (!(error instanceof UniqueConstraintViolationException) || known) throw error
        const em = ctx.deps.orm.em.fork()
        const winner = await em.findOneOrFail(Contact, { externalId: input.userId })
        em.create(VisitorToken, { id: hashToken(token), contact: winner })
        await em.flush()
        return { token, contact: toContactDTO(winner) }
      }
      return { token, contact: toContactDTO(contact) }
    }),
})
