import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { Agent } from './agent.entity.ts'
import { Contact } from './contact.entity.ts'
import { Conversation } from './conversation.entity.ts'

/**
 * An email the fallback sweep decided to send (rule 12) and nobody has sent yet: written in the same
 * transaction as the sweep's claim, so a crash or a mail server that is down loses nothing, and taken by
 * one instance at a time (`claimedUntil`), so nobody gets it twice. Removed once sent.
 */
export const PendingMail = defineEntity({
  name: 'PendingMail',
  tableName: 'pending_mail',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    conversation: () => p.manyToOne(Conversation).deleteRule('cascade'),
    /** Exactly one of the two: an agent, or the conversation's contact. */
    agent: () => p.manyToOne(Agent).nullable().deleteRule('cascade'),
    contact: () => p.manyToOne(Contact).nullable().deleteRule('cascade'),
    /** The messages the mail tells of, oldest first: one mail per conversation and recipient per sweep. */
    messageIds: p.json<string[]>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    attempts: p.integer().default(0),
    /** When to try (again): a failed send waits longer each time. */
    dueAt: p.datetime(),
    /** An instance is sending it until then; past that, it counts as not taken (that instance died). */
    claimedUntil: p.datetime().nullable(),
    lastError: p.string().length(500).nullable(),
  },
  indexes: [{ properties: ['dueAt'] }],
})

export type PendingMail = InferEntity<typeof PendingMail>
