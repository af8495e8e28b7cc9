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
    createdAt: p.datetime().onCreate(() => new Date()),
  },
})

export type Organisation = InferEntity<typeof Organisation>
