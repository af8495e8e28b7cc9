import { Migration } from '@mikro-orm/migrations'

export class Migration20261207205858_email_fallback extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "pending_mail" ("id" uuid not null, "conversation_id" uuid not null, "agent_id" uuid null, "contact_id" uuid null, "message_ids" jsonb not null, "created_at" timestamptz not null, "attempts" int not null default 0, "due_at" timestamptz not null, "claimed_until" timestamptz null, "last_error" varchar(500) null, constraint "pending_mail_pkey" primary key ("id"));`,
    )
    this.addSql(`create index "pending_mail_due_at_index" on "pending_mail" ("due_at");`)

    this.addSql(
      `alter table "pending_mail" add constraint "pending_mail_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update cascade on delete cascade;`,
    )
    this.addSql(
      `alter table "pending_mail" add constraint "pending_mail_agent_id_foreign" foreign key ("agent_id") references "agent" ("id") on update cascade on delete cascade;`,
    )
    this.addSql(
      `alter table "pending_mail" add constraint "pending_mail_contact_id_foreign" foreign key ("contact_id") references "contact" ("id") on update cascade on delete cascade;`,
    )

    this.addSql(`alter table "agent" add column "locale" varchar(5) null;`)

    this.addSql(`alter table "contact" add column "locale" varchar(5) null;`)

    this.addSql(`alter table "organisation" add column "mail_token_secret" varchar(100) null;`)

    this.addSql(`alter table "conversation" add column "mailed_through" timestamptz null;`)
    // What was written before the fallback existed is not mailed now.
    this.addSql(`update "conversation" set "mailed_through" = "last_message_at";`)
    this.addSql(`create index "conversation_last_message_at_index" on "conversation" ("last_message_at");`)
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "pending_mail" cascade;`)

    this.addSql(`alter table "agent" drop column "locale";`)

    this.addSql(`alter table "contact" drop column "locale";`)

    this.addSql(`alter table "organisation" drop column "mail_token_secret";`)

    this.addSql(`drop index "conversation_last_message_at_index";`)
    this.addSql(`alter table "conversation" drop column "mailed_through";`)
  }
}
