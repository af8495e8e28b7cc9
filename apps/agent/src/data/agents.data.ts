import { query } from '@solidjs/router'
import { api } from '../lib/trpc.client.ts'

export const getAgents = query(() => api.agents.list.query(), 'agents.list')

/** Every team for routing; `mine` marks the queues this agent works. */
export const getTeams = query(() => api.agents.teams.query(), 'agents.teams')
