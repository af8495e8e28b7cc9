import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { Agent } from './agent.entity.ts'

/** A saved reply agents insert into the composer: shared (no owner) or one agent's own. */
export const TextBlock = defineEntity({
  name: 'TextBlock',
  tableName: 'text_block',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    title: p.string(),
    /** Markdown with `{{variables}}`, filled in when inserted. */
    body: p.text(),
    owner: () => p.manyToOne(Agent).nullable().deleteRule('cascade'),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
})

export type TextBlock = InferEntity<typeof TextBlock>
