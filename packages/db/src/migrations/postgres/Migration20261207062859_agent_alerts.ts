import { Migration } from '@mikro-orm/migrations'

export class Migration20261207062859_agent_alerts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "agent" add column "alerts" jsonb null;`)
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "agent" drop column "alerts";`)
  }
}
