import { defineEntity, type InferEntity, p } from '@mikro-orm/core'

export const Agent = defineEntity({
  name: 'Agent',
  tableName: 'agent',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    /** Stored lowercase; callers normalise before writing and before looking up. */
    email: p.string().unique(),
    name: p.string(),
    /** One of the domain's AVATAR_COLOURS, or null for the one the agent's id gives. */
    avatarColour: p.string().nullable(),
    /** An invited agent's is of a random password nobody knows, until they set their own. */
    passwordHash: p.string(),
    role: p.enum(['admin', 'agent']),
    support: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastSeenAt: p.datetime().nullable(),
    /** The language of the app they last used ('en', 'de'): their emails are written in it. */
    locale: p.string().length(5).nullable(),
    /** How this agent arranged the inbox (list width, enlarged conversation), in every browser. */
    layout: p.json<{ listWidth: number; enlarged: boolean }>().nullable(),
    /** Opt-in alerts (desktop notification, sound) for new chats, mine and mentions; null: none yet. */
    alerts: p.json<{ desktop: boolean; sound: boolean }>().nullable(),
    /** Set by an admin: no sign-in, no session; messages and history stay theirs. */
    deactivatedAt: p.datetime().nullable(),
  },
})

export type Agent = InferEntity<typeof Agent>
export type AgentRole = Agent['role']
