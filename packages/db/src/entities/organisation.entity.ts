import { defineEntity, type InferEntity, p } from '@mikro-orm/core'

export const Organisation = defineEntity({
  name: 'Organisation',
  tableName: 'organisation',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    name: p.string(),
    videoEnabled: p.boolean().default(false),
    /** The admin's switch: off puts the whole helpdesk offline for customers, whoever is online. */
    helpdeskOn: p.boolean().default(true),
    /** What the chat page says in either state; null: the app's default words. */
    onlineMessage: p.string().nullable(),
    offlineMessage: p.string().nullable(),
    /**
     * The chat page's pre-chat form (issue 10, part 1): which fields it asks, each required or not, and
     * the admin's custom question; null: the default form (name and email, both optional).
     */
    prechatFields: p.json<StoredPrechatField[]>().nullable(),
    /** Sites allowed to embed the widget (origins, `https://shop.example`): the iframe's frame-ancestors. */
    widgetSites: p.json<string[]>().nullable(),
    /** Signs a host page's logged-in user (`user_hash`, HMAC-SHA256); null until an admin asks for one. */
    identitySecret: p.string().nullable(),
    /**
     * The helpdesk's VAPID key pair for Web Push (issue 10, part 6), made once at first use. Kept here,
     * not in one instance's DATA_DIR: every instance must sign pushes with the key browsers subscribed to.
     */
    vapidPublicKey: p.string().nullable(),
    vapidPrivateKey: p.string().nullable(),
    /**
     * Signs the reply-by-email tokens in Reply-To addresses (issue 11, part 3): in the database, so a
     * reply reaching any instance is checked against the key that signed it. Made on first use.
     */
    mailTokenSecret: p.string().length(100).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
})

export type Organisation = InferEntity<typeof Organisation>

/** One field of the pre-chat form; `label` only for the custom question, in the admin's words. */
export interface StoredPrechatField {
  field: 'name' | 'email' | 'phone' | 'question'
  required: boolean
  label?: string
}
