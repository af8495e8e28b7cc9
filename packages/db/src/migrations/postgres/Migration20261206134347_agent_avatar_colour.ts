import { Migration } from '@mikro-orm/migrations'

export class Migration20261206134347_agent_avatar_colour extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "agent" add column "avatar_colour" varchar(255) null;`)
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "agent" drop column "avatar_colour";`)
  }
}
