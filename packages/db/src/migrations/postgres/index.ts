// Written by scripts/create-migration.ts: listed explicitly so migrations run without globbing the filesystem.
import type { MigrationObject } from '@mikro-orm/core'
import { Migration20261206030431_initial } from './Migration20261206030431_initial.ts'

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261206030431_initial', class: Migration20261206030431_initial },
]
