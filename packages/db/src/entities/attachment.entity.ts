import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { Agent } from './agent.entity.ts'
import { Contact } from './contact.entity.ts'
import { Conversation } from './conversation.entity.ts'
import { Message } from './message.entity.ts'

/**
 * An uploaded file: its bytes live in the upload store under their sha256 (one copy however often it is
 * sent), this row says who uploaded it for which conversation and, once sent, in which message. A file
 * is served only to someone who may read that message (rule 10); one never sent is removed after a day.
 */
export const Attachment = defineEntity({
  name: 'Attachment',
  tableName: 'attachment',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    conversation: () => p.manyToOne(Conversation).deleteRule('cascade'),
    uploaderAgent: () => p.manyToOne(Agent).nullable().deleteRule('cascade'),
    uploaderContact: () => p.manyToOne(Contact).nullable().deleteRule('cascade'),
    /** Set in the transaction that stores the message (write-store.ts); null while unsent. */
    message: () => p.manyToOne(Message).nullable().deleteRule('cascade'),
    /** sha256 hex of the content: its name in the upload store. */
    hash: p.string().length(64).index(),
    /** The thumbnail's hash, for images the server could read. */
    thumbnailHash: p.string().length(64).nullable(),
    size: p.integer(),
    /** The type recognised from the content (rule 10), e.g. "PDF", and its media type. */
    type: p.string().length(16),
    mime: p.string().length(100),
    kind: p.enum(['image', 'audio', 'video', 'document']),
    /** The uploader's file name, cleaned; only ever shown and used as the download's name. */
    name: p.string().length(255),
    /** A recording's length as the recorder measured it (browsers' WebM files do not say). */
    durationMs: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['createdAt'] }],
})

export type Attachment = InferEntity<typeof Attachment>
