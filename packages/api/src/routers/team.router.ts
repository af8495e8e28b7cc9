import {
  Agent,
  AgentInvite,
  type EntityManager,
  Team,
  TeamMember,
  UniqueConstraintViolationException,
} from '@parley/db'
import {
  canAdministerTeam,
  checkDeactivation,
  checkPrechatForm,
  checkRoleChange,
  MAX_HELPDESK_MESSAGE_LENGTH,
  type TeamMate,
} from '@parley/domain'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { agentsChanged } from '../agent-actors.ts'
import type { ApiDeps } from '../context.ts'
import { toAgentDTO } from '../dto.ts'
import { forgetHelpdeskRoster, theOrganisation } from '../helpdesk.ts'
import { currentPrechatForm, prechatFormInput, prechatFormOutput } from '../prechat.ts'
import { hashPassword, hashToken, newToken } from '../secrets.ts'
import { endSessionsOf } from '../sessions.ts'
import { agentProcedure, router, unwrap } from '../trpc.ts'
import { emailInput } from './auth.router.ts'
import { idInput, lineInput, requiredLineInput } from './inputs.ts'

/** A set-password link is good for a week; a new one replaces it. */
const INVITE_DAYS = 7
const MAX_TEAM_MEMBERS = 500

const agentNameInput = requiredLineInput(80)
const teamNameInput = requiredLineInput(80)
/** Empty: the chat page's default words. */
const helpdeskMessageInput = lineInput(MAX_HELPDESK_MESSAGE_LENGTH)

/** Agents, teams and the organisation: every procedure here is for admins (agent-admin.rules.ts). */
const adminProcedure = agentProcedure.use(async ({ ctx, next, type }) => {
  unwrap(canAdministerTeam(ctx.actor))
  const result = await next()
  if (type === 'mutation') {
    // Roles, support flags, deactivation and the switch decide whether the helpdesk is online.
    forgetHelpdeskRoster(ctx.deps)
    // Roles, support flags and teams decide what open inboxes are pushed.
    agentsChanged(ctx.deps)
  }
  return result
})

export type AgentStatus = 'active' | 'invited' | 'deactivated'

async function statusesOf(em: EntityManager, agents: Agent[], now: Date): Promise<Map<string, AgentStatus>> {
  const invited = new Set(
    (
      await em.find(AgentInvite, { agent: { $in: agents.map((agent) => agent.id) }, expiresAt: { $gt: now } })
    ).map((invite) => invite.agent.id),
  )
  return new Map(
    agents.map((agent) => [
      agent.id,
      agent.deactivatedAt ? 'deactivated' : invited.has(agent.id) ? 'invited' : 'active',
    ]),
  )
}

async function teamMates(em: EntityManager): Promise<TeamMate[]> {
  const agents = await em.find(Agent, {})
  return agents.map((agent) => ({ id: agent.id, role: agent.role, active: !agent.deactivatedAt }))
}

async function loadAgent(em: EntityManager, id: string): Promise<Agent> {
  const agent = await em.findOne(Agent, { id })
  if (!agent) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such agent.' })
  return agent
}

/** The link's path; the app puts its own origin in front, the email (later) PUBLIC_URL. */
async function issueInvite(em: EntityManager, agent: Agent, now: Date): Promise<string> {
  await em.nativeDelete(AgentInvite, { agent: agent.id })
  const token = newToken()
  em.create(AgentInvite, {
    id: hashToken(token),
    agent,
    expiresAt: new Date(now.getTime() + INVITE_DAYS * 86_400_000),
  })
  await em.flush()
  return `/invite?token=${token}`
}

function toDirectoryEntry(deps: ApiDeps, agent: Agent, status: AgentStatus) {
  return { ...toAgentDTO(agent, deps.presence), status }
}

export const teamRouter = router({
  agents: adminProcedure.query(async ({ ctx }) => {
    const agents = await ctx.em.find(Agent, {}, { orderBy: { name: 'asc', email: 'asc' } })
    const statuses = await statusesOf(ctx.em, agents, ctx.deps.now())
    return agents.map((agent) => toDirectoryEntry(ctx.deps, agent, statuses.get(agent.id) ?? 'active'))
  }),

  invite: adminProcedure
    .input(
      z.object({
        name: agentNameInput,
        email: emailInput,
        role: z.enum(['admin', 'agent']),
        support: z.boolean(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const agent = ctx.em.create(Agent, {
        email: input.email,
        name: input.name,
        // Nobody knows this password: the invited agent signs in only after choosing their own.
        passwordHash: await hashPassword(newToken()),
        role: input.role,
        support: input.support,
      })
      try {
        await ctx.em.flush()
      } catch (error) {
        if (error instanceof UniqueConstraintViolationException) {
          throw new TRPCError({ code: 'CONFLICT', message: 'An agent with this email already exists.' })
        }
        throw error
      }
      const invitePath = await issueInvite(ctx.em, agent, ctx.deps.now())
      return { agent: toDirectoryEntry(ctx.deps, agent, 'invited'), invitePath }
    }),

  /** A new set-password link for someone who lost theirs (the old one stops working). */
  renewInvite: adminProcedure.input(z.object({ agentId: idInput })).mutation(async ({ ctx, input }) => {
    const agent = await loadAgent(ctx.em, input.agentId)
    if (agent.deactivatedAt) {
      throw new TRPCError({ code: 'CONFLICT', message: 'Reactivate this agent first.' })
    }
    return { invitePath: await issueInvite(ctx.em, agent, ctx.deps.now()) }
  }),

  setRole: adminProcedure
    .input(z.object({ agentId: idInput, role: z.enum(['admin', 'agent']) }))
    .mutation(async ({ ctx, input }) => {
      const agent = await loadAgent(ctx.em, input.agentId)
      const target: TeamMate = { id: agent.id, role: agent.role, active: !agent.deactivatedAt }
      unwrap(checkRoleChange(ctx.actor, target, input.role, await teamMates(ctx.em)))
      agent.role = input.role
      await ctx.em.flush()
    }),

  /** Rule 9's flag: whether this agent answers customers ("From customers"). */
  setSupport: adminProcedure
    .input(z.object({ agentId: idInput, support: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const agent = await loadAgent(ctx.em, input.agentId)
      agent.support = input.support
      await ctx.em.flush()
    }),

  deactivate: adminProcedure.input(z.object({ agentId: idInput })).mutation(async ({ ctx, input }) => {
    const agent = await loadAgent(ctx.em, input.agentId)
    if (agent.deactivatedAt) return
    const target: TeamMate = { id: agent.id, role: agent.role, active: true }
    unwrap(checkDeactivation(ctx.actor, target, await teamMates(ctx.em)))
    agent.deactivatedAt = ctx.deps.now()
    await ctx.em.nativeDelete(AgentInvite, { agent: agent.id })
    await ctx.em.flush()
    await endSessionsOf(ctx.deps, ctx.em, agent.id)
  }),

  reactivate: adminProcedure.input(z.object({ agentId: idInput })).mutation(async ({ ctx, input }) => {
    const agent = await loadAgent(ctx.em, input.agentId)
    agent.deactivatedAt = null
    await ctx.em.flush()
  }),

  teams: adminProcedure.query(async ({ ctx }) => {
    const teams = await ctx.em.find(Team, {}, { orderBy: { name: 'asc' } })
    const members = await ctx.em.find(TeamMember, { team: { $in: teams.map((team) => team.id) } })
    return teams.map((team) => ({
      id: team.id,
      name: team.name,
      memberIds: members.filter((member) => member.team.id === team.id).map((member) => member.agent.id),
    }))
  }),

  createTeam: adminProcedure.input(z.object({ name: teamNameInput })).mutation(async ({ ctx, input }) => {
    const team = ctx.em.create(Team, { name: input.name })
    await ctx.em.flush()
    return { id: team.id, name: team.name, memberIds: [] as string[] }
  }),

  renameTeam: adminProcedure
    .input(z.object({ teamId: idInput, name: teamNameInput }))
    .mutation(async ({ ctx, input }) => {
      const team = await ctx.em.findOne(Team, { id: input.teamId })
      if (!team) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such team.' })
      team.name = input.name
      await ctx.em.flush()
    }),

  /** The whole member list at once: what the admin ticked is what the team is. */
  setTeamMembers: adminProcedure
    .input(z.object({ teamId: idInput, agentIds: z.array(idInput).max(MAX_TEAM_MEMBERS) }))
    .mutation(async ({ ctx, input }) => {
      const team = await ctx.em.findOne(Team, { id: input.teamId })
      if (!team) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such team.' })
      const wanted = [...new Set(input.agentIds)]
      if ((await ctx.em.count(Agent, { id: { $in: wanted } })) !== wanted.length) {
        throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such agent.' })
      }
      await ctx.em.transactional(async (em) => {
        await em.nativeDelete(TeamMember, { team: team.id })
        for (const agentId of wanted) em.create(TeamMember, { team: team.id, agent: agentId })
      })
    }),

  organisation: adminProcedure.query(async ({ ctx }) => {
    const organisation = await theOrganisation(ctx.em)
    return { name: organisation.name }
  }),

  /** The helpdesk switch and the chat page's words for online and offline (issue 8, part 3). */
  helpdesk: adminProcedure.query(async ({ ctx }) => {
    const organisation = await theOrganisation(ctx.em)
    return {
      on: organisation.helpdeskOn,
      onlineMessage: organisation.onlineMessage ?? '',
      offlineMessage: organisation.offlineMessage ?? '',
    }
  }),

  setHelpdesk: adminProcedure
    .input(
      z.object({
        on: z.boolean(),
        onlineMessage: helpdeskMessageInput,
        offlineMessage: helpdeskMessageInput,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const organisation = await theOrganisation(ctx.em)
      organisation.helpdeskOn = input.on
      // lineInput has trimmed them: empty means the chat page's own words.
      organisation.onlineMessage = input.onlineMessage || null
      organisation.offlineMessage = input.offlineMessage || null
      await ctx.em.flush()
    }),

  /** The chat page's pre-chat form (issue 10, part 1): which fields it asks, each required or not. */
  prechat: adminProcedure
    .output(prechatFormOutput)
    .query(async ({ ctx }) => ({ fields: await currentPrechatForm(ctx.em) })),

  setPrechat: adminProcedure
    .input(prechatFormInput)
    .output(prechatFormOutput)
    .mutation(async ({ ctx, input }) => {
      const fields = unwrap(checkPrechatForm(input.fields))
      const organisation = await theOrganisation(ctx.em)
      organisation.prechatFields = fields
      await ctx.em.flush()
      return { fields }
    }),

  renameOrganisation: adminProcedure
    .input(z.object({ name: requiredLineInput(100) }))
    .mutation(async ({ ctx, input }) => {
      const organisation = await theOrganisation(ctx.em)
      organisation.name = input.name
      await ctx.em.flush()
    }),
})
