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
    createdAt: p.datetime().onCreate(() => new Date()),
  },
})

export type Organisation = InferEntity<typeof Organisation>
