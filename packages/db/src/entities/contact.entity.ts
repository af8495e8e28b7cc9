import { defineEntity, type InferEntity, p } from '@mikro-orm/core'

export const Contact = defineEntity({
  name: 'Contact',
  tableName: 'contact',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    name: p.string().nullable(),
    email: p.string().nullable(),
    phone: p.string().nullable(),
    company: p.string().nullable(),
    /** The team's own fields ("Plan": "Pro"), kept in the order they were given. */
    attributes: p.json<Array<{ key: string; value: string }>>().nullable(),
    /** Rule 7: no new conversation and no new message, by any channel. */
    blocked: p.boolean().default(false),
    /**
     * The host site's own id for a logged-in user, set only from a verified identity (`user_hash`,
     * issue 10, part 4): the one way a new browser reaches this contact's history.
     */
    externalId: p.string().nullable().unique(),
    /** sha256 hex of the visitor token: the token itself only lives in the visitor's browser. */
    tokenHash: p.string().unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastSeenAt: p.datetime().nullable(),
    /** The language of the app they last used ('en', 'de'): their emails are written in it. */
    locale: p.string().length(5).nullable(),
  },
})

export type Contact = InferEntity<typeof Contact>
