import { query } from '@solidjs/router'
import { api } from '../lib/trpc.client.ts'

export const getAgents = query(() => api.agents.list.query(), 'agents.list')
