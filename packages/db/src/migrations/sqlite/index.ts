// Written by scripts/create-migration.ts: listed explicitly so migrations run without globbing the filesystem.
import type { MigrationObject } from '@mikro-orm/core'
import { Migration20261126114435_initial } from './Migration20261126114435_initial.ts'
import { Migration20261206030431_event_log } from './Migration20261206030431_event_log.ts'
import { Migration20261206034315_missed_sweep } from './Migration20261206034315_missed_sweep.ts'
import { Migration20261206134347_agent_avatar_colour } from './Migration20261206134347_agent_avatar_colour.ts'
import { Migration20261206194112_knowledge_base } from './Migration20261206194112_knowledge_base.ts'

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261126114435_initial', class: Migration20261126114435_initial },
  { name: 'Migration20261206030431_event_log', class: Migration20261206030431_event_log },
  { name: 'Migration20261206034315_missed_sweep', class: Migration20261206034315_missed_sweep },
  { name: 'Migration20261206134347_agent_avatar_colour', class: Migration20261206134347_agent_avatar_colour },
  { name: 'Migration20261206194112_knowledge_base', class: Migration20261206194112_knowledge_base },
]
