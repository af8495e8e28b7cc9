import { defineEntity, type InferEntity, p } from '@mikro-orm/core'

/**
 * The bytes of uploads and thumbnails, one row per content (sha256): the same file sent twice is stored
 * once. In the database rather than on one machine's disk, so every instance serves every file.
 */
export const StoredFile = defineEntity({
  name: 'StoredFile',
  tableName: 'stored_file',
  properties: {
    hash: p.string().length(64).primary(),
    content: p.blob(),
    size: p.integer(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
})

export type StoredFile = InferEntity<typeof StoredFile>
