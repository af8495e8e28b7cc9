import { Agent, AgentInvite, AgentSession, type EntityManager, Team } from '@parley/db'
import { AVATAR_COLOURS } from '@parley/domain'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { type Context, SESSION_COOKIE } from '../context.ts'
import { toAgentDTO } from '../dto.ts'
import { theOrganisation } from '../helpdesk.ts'
import { holdPresence, presenceKey } from '../presence.ts'
import {
  decoyPasswordHash,
  hashPassword,
  hashToken,
  newToken,
  safeEqual,
  verifyPassword,
} from '../secrets.ts'
import { endSession, endSessionsOf, whileSessionLasts } from '../sessions.ts'
import { agentProcedure, publicProcedure, router } from '../trpc.ts'
import { localeInput, requiredLineInput } from './inputs.ts'

const SESSION_DAYS = 30
const inviteTokenInput = z.string().min(1).max(200)

async function openInvite(ctx: Context & { em: EntityManager }, token: string) {
  const invite = await ctx.em.findOne(
    AgentInvite,
    { id: hashToken(token), expiresAt: { $gt: ctx.deps.now() } },
    { populate: ['agent'] },
  )
  if (!invite || invite.agent.deactivatedAt) {
    throw new TRPCError({
      code: 'NOT_FOUND',
      message: 'This link is not valid any more. Ask an admin for a new one.',
    })
  }
  return invite
}

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
  await theOrganisation(em)
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
      return toAgentDTO(agent, ctx.deps.presence)
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
    return toAgentDTO(session.agent, ctx.deps.presence)
  }),

  signIn: publicProcedure
    .input(z.object({ email: emailInput, password: z.string().min(1).max(200) }))
    .mutation(async ({ ctx, input }) => {
      // Before the lookup, so an unknown email is throttled exactly like a known one.
      const attempt = await ctx.deps.limits.signIn(input.email, ctx.address)
      const agent = await ctx.em.findOne(Agent, { email: input.email })
      // Same answer, after the same work, for an unknown email and a wrong password: sign-in must not
      // reveal who has an account.
      // A deactivated agent is refused the same way, after the same work.
      const usable = agent && !agent.deactivatedAt ? agent : null
      const passwordHash = usable?.passwordHash ?? (await decoyPasswordHash())
      if (!(await verifyPassword(input.password, passwordHash)) || !usable) {
        throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Wrong email or password.' })
      }
      await attempt.succeeded()
      await startSession(ctx, usable)
      return toAgentDTO(usable, ctx.deps.presence)
    }),

  /** Who a set-password link is for, so the page can greet them; an unknown or used link is NOT_FOUND. */
  invitation: publicProcedure.input(z.object({ token: inviteTokenInput })).query(async ({ ctx, input }) => {
    const invite = await openInvite(ctx, input.token)
    return { name: invite.agent.name, email: invite.agent.email }
  }),

  /** The invited agent chooses a password and is signed in; the link is used up. */
  acceptInvite: publicProcedure
    .input(z.object({ token: inviteTokenInput, password: passwordInput }))
    .mutation(async ({ ctx, input }) => {
      // Guessing links is throttled like guessing passwords.
      const attempt = await ctx.deps.limits.setup(ctx.address)
      const invite = await openInvite(ctx, input.token)
      await attempt.succeeded()
      const agent = invite.agent
      agent.passwordHash = await hashPassword(input.password)
      await ctx.em.nativeDelete(AgentInvite, { agent: agent.id })
      await startSession(ctx, agent)
      return toAgentDTO(agent, ctx.deps.presence)
    }),

  /** Every other session of this agent ends (a stolen cookie stops working); this one goes on. */
  changePassword: agentProcedure
    .input(z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordInput }))
    .mutation(async ({ ctx, input }) => {
      const attempt = await ctx.deps.limits.signIn(ctx.agent.email, ctx.address)
      if (!(await verifyPassword(input.currentPassword, ctx.agent.passwordHash))) {
        throw new TRPCError({ code: 'FORBIDDEN', message: 'Your current password is not right.' })
      }
      await attempt.succeeded()
      ctx.agent.passwordHash = await hashPassword(input.newPassword)
      await ctx.em.flush()
      await endSessionsOf(ctx.deps, ctx.em, ctx.agent.id, ctx.session.hash)
    }),

  /** Names written into past events ("Anna joined") stay as they were; everything else shows the new one. */
  setProfile: agentProcedure.input(profileInput).mutation(async ({ ctx, input }) => {
    ctx.agent.name = input.name
    ctx.agent.avatarColour = input.colour
    await ctx.em.flush()
    return toAgentDTO(ctx.agent, ctx.deps.presence)
  }),

  /** Where the agent dragged the divider, and whether the conversation is enlarged; follows them everywhere. */
  setLayout: agentProcedure
    .input(z.object({ listWidth: z.number().int().min(200).max(800), enlarged: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      ctx.agent.layout = { listWidth: input.listWidth, enlarged: input.enlarged }
      await ctx.em.flush()
    }),

  /** Desktop notifications and sound for new chats, mine and mentions: the agent's own choice, everywhere. */
  /** The app's language, whenever it is chosen: the agent's emails are written in it. */
  setLocale: agentProcedure.input(localeInput).mutation(async ({ ctx, input }) => {
    if (ctx.agent.locale === input.locale) return
    ctx.agent.locale = input.locale
    await ctx.em.flush()
  }),

  setAlerts: agentProcedure
    .input(z.object({ desktop: z.boolean(), sound: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      ctx.agent.alerts = { desktop: input.desktop, sound: input.sound }
      await ctx.em.flush()
    }),

  /**
   * Held open by an inbox tab while it is in use (shown, and touched within AWAY_AFTER_IDLE_MS): what
   * tells online from away (agentPresence). Yields once, when counted; ends with the tab, the socket or
   * the session.
   */
  active: agentProcedure.subscription(async function* ({ ctx, signal }) {
    const release = holdPresence(ctx.deps, presenceKey.agentInUse(ctx.agent.id))
    try {
      yield { inUse: true as const }
      yield* whileSessionLasts(ctx.deps, ctx.session, signal, untilAborted)
    } finally {
      release()
    }
  }),

  signOut: agentProcedure.mutation(async ({ ctx }) => {
    await ctx.em.nativeDelete(AgentSession, { id: ctx.session.hash })
    await endSession(ctx.deps, ctx.session.hash)
    ctx.setCookie?.(sessionCookie('', 0, ctx.deps.settings.secureCookies))
  }),
})

export const agentsRouter = router({
  /** Every team, for routing; `mine` marks the queues this agent works ("Team queues"). */
  teams: agentProcedure.query(async ({ ctx }) => {
    const teams = await ctx.em.find(Team, {}, { orderBy: { name: 'asc' } })
    const mine = new Set(ctx.actor.teamIds)
    return teams.map((team) => ({ id: team.id, name: team.name, mine: mine.has(team.id) }))
  }),

  /** Colleagues who can work: deactivated agents are no longer offered for assignment. */
  list: agentProcedure.query(async ({ ctx }) => {
    const agents = await ctx.em.find(Agent, { deactivatedAt: null }, { orderBy: { name: 'asc' } })
    return agents.map((agent) => toAgentDTO(agent, ctx.deps.presence))
  }),
})

async function* untilAborted(signal: AbortSignal): AsyncGenerator<never> {
  if (signal.aborted) return
  await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
}
