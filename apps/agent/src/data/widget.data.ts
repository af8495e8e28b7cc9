import { action, json, query } from '@solidjs/router'
import { api } from '../lib/trpc.client.ts'

// Settings → Website widget (issue 10, parts 3 and 4): admins only, the server refuses everyone else.

export const getWidgetSettings = query(() => api.widget.settings.query(), 'widget.settings')

export const setWidgetSites = action(
  async (sites: string[]) =>
    json(await api.widget.setSites.mutate({ sites }), { revalidate: getWidgetSettings.key }),
  'widget.setSites',
)

export const newIdentitySecret = action(
  async () => json(await api.widget.newIdentitySecret.mutate(), { revalidate: getWidgetSettings.key }),
  'widget.newIdentitySecret',
)
