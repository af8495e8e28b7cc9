import { Migration } from '@mikro-orm/migrations'

export class Migration20261207070836_helpdesk_switch extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "organisation" add column "helpdesk_on" boolean not null default true, add column "online_message" varchar(255) null, add column "offline_message" varchar(255) null;`,
    )
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "organisation" drop column "helpdesk_on", drop column "online_message", drop column "offline_message";`,
    )
  }
}
