import { Migration } from '@mikro-orm/migrations'

export class Migration20261206034315_missed_sweep extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "conversation" add column "missed_announced_for" timestamptz null;`)
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "conversation" drop column "missed_announced_for";`)
  }
}
