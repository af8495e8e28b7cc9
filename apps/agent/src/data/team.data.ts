import { action, json, query } from '@solidjs/router'
import { api } from '../lib/trpc.client.ts'
import { getAgents } from './agents.data.ts'
import { getMe } from './auth.data.ts'

// Settings: the admin's view of agents, teams and the organisation (the server refuses everyone else).

export const getTeamAgents = query(() => api.team.agents.query(), 'team.agents')
export const getTeams = query(() => api.team.teams.query(), 'team.teams')
export const getOrganisation = query(() => api.team.organisation.query(), 'team.organisation')

/** Who works here changed: the settings list, colleagues' pickers, and (for one's own role) the shell. */
const agentsChanged = [getTeamAgents.key, getAgents.key, getMe.key]

export const inviteAgent = action(
  async (input: { name: string; email: string; role: 'admin' | 'agent'; support: boolean }) =>
    json(await api.team.invite.mutate(input), { revalidate: agentsChanged }),
  'team.invite',
)

export const renewInvite = action(
  async (agentId: string) =>
    json(await api.team.renewInvite.mutate({ agentId }), { revalidate: agentsChanged }),
  'team.renewInvite',
)

export const setAgentRole = action(
  async (agentId: string, role: 'admin' | 'agent') =>
    json(await api.team.setRole.mutate({ agentId, role }), { revalidate: agentsChanged }),
  'team.setRole',
)

export const setAgentSupport = action(
  async (agentId: string, support: boolean) =>
    json(await api.team.setSupport.mutate({ agentId, support }), { revalidate: agentsChanged }),
  'team.setSupport',
)

export const deactivateAgent = action(
  async (agentId: string) =>
    json(await api.team.deactivate.mutate({ agentId }), { revalidate: agentsChanged }),
  'team.deactivate',
)

export const reactivateAgent = action(
  async (agentId: string) =>
    json(await api.team.reactivate.mutate({ agentId }), { revalidate: agentsChanged }),
  'team.reactivate',
)

export const createTeam = action(
  async (name: string) => json(await api.team.createTeam.mutate({ name }), { revalidate: [getTeams.key] }),
  'team.createTeam',
)

export const renameTeam = action(
  async (teamId: string, name: string) =>
    json(await api.team.renameTeam.mutate({ teamId, name }), { revalidate: [getTeams.key] }),
  'team.renameTeam',
)

export const setTeamMembers = action(
  async (teamId: string, agentIds: string[]) =>
    json(await api.team.setTeamMembers.mutate({ teamId, agentIds }), { revalidate: [getTeams.key] }),
  'team.setTeamMembers',
)

export const renameOrganisation = action(
  async (name: string) =>
    json(await api.team.renameOrganisation.mutate({ name }), { revalidate: [getOrganisation.key] }),
  'team.renameOrganisation',
)

export const getHelpdesk = query(() => api.team.helpdesk.query(), 'team.helpdesk')

export const setHelpdesk = action(
  async (input: { on: boolean; onlineMessage: string; offlineMessage: string }) =>
    json(await api.team.setHelpdesk.mutate(input), { revalidate: [getHelpdesk.key] }),
  'team.setHelpdesk',
)

export const getPrechat = query(() => api.team.prechat.query(), 'team.prechat')

export type PrechatForm = Awaited<ReturnType<typeof getPrechat>>

export const setPrechat = action(
  async (input: PrechatForm) =>
    json(await api.team.setPrechat.mutate(input), { revalidate: [getPrechat.key] }),
  'team.setPrechat',
)
