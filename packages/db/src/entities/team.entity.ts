import { defineEntity, type InferEntity, p } from '@mikro-orm/core'

export const Team = defineEntity({
  name: 'Team',
  tableName: 'team',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    name: p.string(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
})

export type Team = InferEntity<typeof Team>
