import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { Contact } from './contact.entity.ts'

/**
 * Another browser's key to a contact, issued when a host site vouches for its logged-in user (`user_hash`,
 * issue 10, part 4): each device keeps its own token, none replaces another. A contact's first token
 * stays in `contact.token_hash`.
 */
export const VisitorToken = defineEntity({
  name: 'VisitorToken',
  tableName: 'visitor_token',
  properties: {
    /** sha256 hex of the token, as `contact.tokenHash`: the token itself lives only in that browser. */
    id: p.string().primary(),
    contact: () => p.manyToOne(Contact).deleteRule('cascade'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
})

export type VisitorToken = InferEntity<typeof VisitorToken>
