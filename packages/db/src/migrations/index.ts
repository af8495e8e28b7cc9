// Written by scripts/create-migration.ts: listed explicitly so migrations run without globbing the filesystem.
import type { MigrationObject } from '@mikro-orm/core'
import { Migration20261126114435_initial } from './Migration20261126114435_initial.ts'

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261126114435_initial', class: Migration20261126114435_initial },
]
