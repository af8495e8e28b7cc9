import { Migration } from '@mikro-orm/migrations'

export class Migration20261207124113_ticket_offers extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "ticket_offer" ("id" uuid not null, "conversation_id" uuid not null, "agent_id" uuid null, "team_id" uuid null, "status" text check ("status" in ('pending', 'accepted', 'withdrawn')) not null, "offered_by_id" uuid null, "expires_at" timestamptz null, "created_at" timestamptz not null, constraint "ticket_offer_pkey" primary key ("id"));`,
    )
    this.addSql(
      `create index "ticket_offer_conversation_id_status_index" on "ticket_offer" ("conversation_id", "status");`,
    )
    this.addSql(`create index "ticket_offer_agent_id_status_index" on "ticket_offer" ("agent_id", "status");`)
    this.addSql(
      `create index "ticket_offer_status_expires_at_index" on "ticket_offer" ("status", "expires_at");`,
    )

    this.addSql(
      `alter table "ticket_offer" add constraint "ticket_offer_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update cascade on delete cascade;`,
    )
    this.addSql(
      `alter table "ticket_offer" add constraint "ticket_offer_agent_id_foreign" foreign key ("agent_id") references "agent" ("id") on update cascade on delete cascade;`,
    )
    this.addSql(
      `alter table "ticket_offer" add constraint "ticket_offer_team_id_foreign" foreign key ("team_id") references "team" ("id") on update cascade on delete cascade;`,
    )
    this.addSql(
      `alter table "ticket_offer" add constraint "ticket_offer_offered_by_id_foreign" foreign key ("offered_by_id") references "agent" ("id") on update cascade on delete set null;`,
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "ticket_offer" cascade;`)
  }
}
