import { Migration } from '@mikro-orm/migrations'

export class Migration20261206194601_agent_layout extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "agent" add column "layout" jsonb null;`)
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "agent" drop column "layout";`)
  }
}
