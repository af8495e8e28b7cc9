import { action, json, query } from '@solidjs/router'
import { type AvatarColour, api } from '../lib/trpc.client.ts'
import { getAgents } from './agents.data.ts'
import { getConversation, getConversations } from './conversation.data.ts'

export const getMe = query(() => api.auth.me.query(), 'auth.me')

export const getSetupNeeded = query(() => api.auth.setupNeeded.query(), 'auth.setupNeeded')

// A new session starts from an empty cache: anything fetched before (refused while signed out, or another
// agent's data) must not be served to it.
export const signIn = action(async (input: { email: string; password: string }) => {
  const agent = await api.auth.signIn.mutate(input)
  query.clear()
  return json(agent, { revalidate: [getMe.key] })
}, 'auth.signIn')

export const setUp = action(
  async (input: { token: string; name: string; email: string; password: string }) => {
    const agent = await api.auth.setup.mutate(input)
    query.clear()
    return json(agent, { revalidate: [getMe.key, getSetupNeeded.key] })
  },
  'auth.setup',
)

export const getInvitation = query((token: string) => api.auth.invitation.query({ token }), 'auth.invitation')

export const acceptInvite = action(async (input: { token: string; password: string }) => {
  const agent = await api.auth.acceptInvite.mutate(input)
  query.clear()
  return json(agent, { revalidate: [getMe.key] })
}, 'auth.acceptInvite')

// Ends this agent's other sessions; this one, and everything it shows, stays as it is.
export const changePassword = action(
  async (input: { currentPassword: string; newPassword: string }) =>
    json(await api.auth.changePassword.mutate(input), { revalidate: [] }),
  'auth.changePassword',
)

export const signOut = action(async () => {
  await api.auth.signOut.mutate()
  query.clear()
  // Refetch nothing: every query of the ended session would only be refused now.
  return json(null, { revalidate: [] })
}, 'auth.signOut')

// Where this agent's name shows: the shell, colleagues' pickers, and the assignee of conversations.
export const setProfile = action(async (input: { name: string; colour: AvatarColour }) => {
  const agent = await api.auth.setProfile.mutate(input)
  return json(agent, {
    revalidate: [getMe.key, getAgents.key, getConversations.key, getConversation.key],
  })
}, 'auth.setProfile')

export const setAlerts = action(async (input: { desktop: boolean; sound: boolean }) => {
  await api.auth.setAlerts.mutate(input)
  return json(null, { revalidate: [getMe.key] })
}, 'auth.setAlerts')
