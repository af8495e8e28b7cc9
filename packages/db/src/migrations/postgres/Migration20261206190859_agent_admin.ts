import { Migration } from '@mikro-orm/migrations'

export class Migration20261206190859_agent_admin extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "agent_invite" ("id" varchar(255) not null, "agent_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, constraint "agent_invite_pkey" primary key ("id"));`,
    )

    this.addSql(
      `alter table "agent_invite" add constraint "agent_invite_agent_id_foreign" foreign key ("agent_id") references "agent" ("id") on update cascade on delete cascade;`,
    )

    this.addSql(`alter table "agent" add column "deactivated_at" timestamptz null;`)
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "agent_invite" cascade;`)

    this.addSql(`alter table "agent" drop column "deactivated_at";`)
  }
}
