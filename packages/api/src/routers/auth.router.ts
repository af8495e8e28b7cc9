import { Agent, AgentSession, type EntityManager, Organisation } from '@parley/db'
import { AVATAR_COLOURS } from '@parley/domain'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { type Context, SESSION_COOKIE } from '../context.ts'
import { toAgentDTO } from '../dto.ts'
import { presenceKey } from '../presence.ts'
import {
  decoyPasswordHash,
  hashPassword,
  hashToken,
  newToken,
  safeEqual,
  verifyPassword,
} from '../secrets.ts'
import { endSession } from '../sessions.ts'
import { agentProcedure, publicProcedure, router } from '../trpc.ts'
import { requiredLineInput } from './inputs.ts'

const SESSION_DAYS = 30

export const emailInput = z.string().trim().toLowerCase().pipe(z.email().max(254))
const passwordInput = z.string().min(8, 'Use at least 8 characters.').max(200)
const nameInput = requiredLineInput(100)

/** What an agent may change about themselves: how colleagues and customers see them. */
export const profileInput = z.object({
  name: requiredLineInput(80),
  colour: z.enum(AVATAR_COLOURS),
})

/** Creates the first admin — with the support flag, so they see "From customers" (rule 9). */
export async function createFirstAdmin(
  em: EntityManager,
  input: { name: string; email: string; password: string },
): Promise<Agent> {
  if ((await em.count(Agent)) > 0) {
    throw new TRPCError({ code: 'CONFLICT', message: 'Parley has already been set up.' })
  }
  if ((await em.count(Organisation)) === 0) em.create(Organisation, { name: 'Parley', videoEnabled: false })
  const agent = em.create(Agent, {
    email: input.email.toLowerCase(),
    name: input.name,
    passwordHash: await hashPassword(input.password),
    role: 'admin',
    support: true,
  })
  await em.flush()
  return agent
}

async function startSession(ctx: Context & { em: EntityManager }, agent: Agent) {
  const token = newToken()
  const expiresAt = new Date(ctx.deps.now().getTime() + SESSION_DAYS * 86_400_000)
  ctx.em.create(AgentSession, { id: hashToken(token), agent, expiresAt })
  await ctx.em.flush()
  ctx.setCookie?.(sessionCookie(token, SESSION_DAYS * 86_400, ctx.deps.settings.secureCookies))
}

function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ')
}

export const authRouter = router({
  setupNeeded: publicProcedure.query(async ({ ctx }) => (await ctx.em.count(Agent)) === 0),

  setup: publicProcedure
    .input(
      z.object({
        token: z.string().min(1).max(200),
        name: nameInput,
        email: emailInput,
        password: passwordInput,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const attempt = await ctx.deps.limits.setup(ctx.address)
      const expected = ctx.deps.settings.setupToken
      if (!expected || !safeEqual(input.token, expected)) {
        throw new TRPCError({ code: 'FORBIDDEN', message: 'This setup link is not valid.' })
      }
      await attempt.succeeded()
      const agent = await createFirstAdmin(ctx.em, input)
      await startSession(ctx, agent)
      return toAgentDTO(agent, false)
    }),

  me: publicProcedure.query(async ({ ctx }) => {
    const token = ctx.credentials.sessionToken
    if (!token) return null
    const session = await ctx.em.findOne(
      AgentSession,
      { id: hashToken(token), expiresAt: { $gt: ctx.deps.now() } },
      { populate: ['agent'] },
    )
    if (!session) return null
    return toAgentDTO(session.agent, ctx.deps.presence.isOnline(presenceKey.agent(session.agent.id)))
  }),

  signIn: publicProcedure
    .input(z.object({ email: emailInput, password: z.string().min(1).max(200) }))
    .mutation(async ({ ctx, input }) => {
      // Before the lookup, so an unknown email is throttled exactly like a known one.
      const attempt = await ctx.deps.limits.signIn(input.email, ctx.address)
      const agent = await ctx.em.findOne(Agent, { email: input.email })
      // Same answer, after the same work, for an unknown email and a wrong password: sign-in must not
      // reveal who has an account.
      const passwordHash = agent?.passwordHash ?? (await decoyPasswordHash())
      if (!(await verifyPassword(input.password, passwordHash)) || !agent) {
        throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Wrong email or password.' })
      }
      await attempt.succeeded()
      await startSession(ctx, agent)
      return toAgentDTO(agent, false)
    }),

  /** Names written into past events ("Anna joined") stay as they were; everything else shows the new one. */
  setProfile: agentProcedure.input(profileInput).mutation(async ({ ctx, input }) => {
    ctx.agent.name = input.name
    ctx.agent.avatarColour = input.colour
    await ctx.em.flush()
    return toAgentDTO(ctx.agent, ctx.deps.presence.isOnline(presenceKey.agent(ctx.agent.id)))
  }),

  signOut: agentProcedure.mutation(async ({ ctx }) => {
    await ctx.em.nativeDelete(AgentSession, { id: ctx.session.hash })
    await endSession(ctx.deps, ctx.session.hash)
    ctx.setCookie?.(sessionCookie('', 0, ctx.deps.settings.secureCookies))
  }),
})

export const agentsRouter = router({
  list: agentProcedure.query(async ({ ctx }) => {
    const agents = await ctx.em.find(Agent, {}, { orderBy: { name: 'asc' } })
    return agents.map((agent) => toAgentDTO(agent, ctx.deps.presence.isOnline(presenceKey.agent(agent.id))))
  }),
})
