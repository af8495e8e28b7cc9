import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { Contact } from './contact.entity.ts'

/**
 * A browser that asked to hear of replies while the customer is away (Web Push, issue 10, part 6): the
 * push service's address for it and the keys its messages are encrypted to.
 */
export const PushSubscription = defineEntity({
  name: 'PushSubscription',
  tableName: 'push_subscription',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    contact: () => p.manyToOne(Contact).deleteRule('cascade'),
    /** One browser, one subscription: subscribing again (or as another visitor) takes it over. */
    endpoint: p.string().length(1000).unique(),
    p256dh: p.string().length(200),
    auth: p.string().length(100),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
})

export type PushSubscription = InferEntity<typeof PushSubscription>
