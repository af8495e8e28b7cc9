// Written by scripts/create-migration.ts: listed explicitly so migrations run without globbing the filesystem.
import type { MigrationObject } from '@mikro-orm/core'
import { Migration20261126114435_initial } from './Migration20261126114435_initial.ts'
import { Migration20261206030431_event_log } from './Migration20261206030431_event_log.ts'
import { Migration20261206034315_missed_sweep } from './Migration20261206034315_missed_sweep.ts'
import { Migration20261206134347_agent_avatar_colour } from './Migration20261206134347_agent_avatar_colour.ts'
import { Migration20261206190858_agent_admin } from './Migration20261206190858_agent_admin.ts'
import { Migration20261206193226_contact_details } from './Migration20261206193226_contact_details.ts'
import { Migration20261206194600_agent_layout } from './Migration20261206194600_agent_layout.ts'
import { Migration20261206195126_text_blocks } from './Migration20261206195126_text_blocks.ts'
import { Migration20261206195500_knowledge_base } from './Migration20261206195500_knowledge_base.ts'
import { Migration20261207023336_attachments } from './Migration20261207023336_attachments.ts'
import { Migration20261207062858_agent_alerts } from './Migration20261207062858_agent_alerts.ts'
import { Migration20261207070836_helpdesk_switch } from './Migration20261207070836_helpdesk_switch.ts'
import { Migration20261207092315_search } from './Migration20261207092315_search.ts'
import { Migration20261207095925_inbox_indexes } from './Migration20261207095925_inbox_indexes.ts'
import { Migration20261207124113_ticket_offers } from './Migration20261207124113_ticket_offers.ts'
import { Migration20261207154056_widget_identity } from './Migration20261207154056_widget_identity.ts'
import { Migration20261207154258_visitor_tokens } from './Migration20261207154258_visitor_tokens.ts'
import { Migration20261207160343_web_push } from './Migration20261207160343_web_push.ts'
import { Migration20261207205858_email_fallback } from './Migration20261207205858_email_fallback.ts'

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261126114435_initial', class: Migration20261126114435_initial },
  { name: 'Migration20261206030431_event_log', class: Migration20261206030431_event_log },
  { name: 'Migration20261206034315_missed_sweep', class: Migration20261206034315_missed_sweep },
  { name: 'Migration20261206134347_agent_avatar_colour', class: Migration20261206134347_agent_avatar_colour },
  { name: 'Migration20261206190858_agent_admin', class: Migration20261206190858_agent_admin },
  { name: 'Migration20261206193226_contact_details', class: Migration20261206193226_contact_details },
  { name: 'Migration20261206194600_agent_layout', class: Migration20261206194600_agent_layout },
  { name: 'Migration20261206195126_text_blocks', class: Migration20261206195126_text_blocks },
  { name: 'Migration20261206195500_knowledge_base', class: Migration20261206195500_knowledge_base },
  { name: 'Migration20261207023336_attachments', class: Migration20261207023336_attachments },
  { name: 'Migration20261207062858_agent_alerts', class: Migration20261207062858_agent_alerts },
  { name: 'Migration20261207070836_helpdesk_switch', class: Migration20261207070836_helpdesk_switch },
  { name: 'Migration20261207092315_search', class: Migration20261207092315_search },
  { name: 'Migration20261207095925_inbox_indexes', class: Migration20261207095925_inbox_indexes },
  { name: 'Migration20261207124113_ticket_offers', class: Migration20261207124113_ticket_offers },
  { name: 'Migration20261207154056_widget_identity', class: Migration20261207154056_widget_identity },
  { name: 'Migration20261207154258_visitor_tokens', class: Migration20261207154258_visitor_tokens },
  { name: 'Migration20261207160343_web_push', class: Migration20261207160343_web_push },
  { name: 'Migration20261207205858_email_fallback', class: Migration20261207205858_email_fallback },
]
