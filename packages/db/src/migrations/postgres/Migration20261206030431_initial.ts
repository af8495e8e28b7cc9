import { Migration } from '@mikro-orm/migrations'

export class Migration20261206030431_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "agent" ("id" uuid not null, "email" varchar(255) not null, "name" varchar(255) not null, "password_hash" varchar(255) not null, "role" text check ("role" in ('admin', 'agent')) not null, "support" boolean not null default false, "created_at" timestamptz not null, "last_seen_at" timestamptz null, constraint "agent_pkey" primary key ("id"));`,
    )
    this.addSql(`alter table "agent" add constraint "agent_email_unique" unique ("email");`)

    this.addSql(
      `create table "agent_session" ("id" varchar(255) not null, "agent_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, constraint "agent_session_pkey" primary key ("id"));`,
    )

    this.addSql(
      `create table "contact" ("id" uuid not null, "name" varchar(255) null, "email" varchar(255) null, "blocked" boolean not null default false, "token_hash" varchar(255) not null, "created_at" timestamptz not null, "last_seen_at" timestamptz null, constraint "contact_pkey" primary key ("id"));`,
    )
    this.addSql(`alter table "contact" add constraint "contact_token_hash_unique" unique ("token_hash");`)

    this.addSql(
      `create table "event" ("seq" int not null, "type" varchar(255) not null, "conversation_id" uuid not null, "contact_id" uuid null, "visibility" text check ("visibility" in ('public', 'internal')) not null, "payload" jsonb not null, "access" jsonb not null, "created_at" timestamptz not null, constraint "event_pkey" primary key ("seq"));`,
    )
    this.addSql(`create index "event_conversation_id_index" on "event" ("conversation_id");`)
    this.addSql(`create index "event_contact_id_index" on "event" ("contact_id");`)

    this.addSql(
      `create table "event_sequence" ("id" int not null, "last_seq" int not null, constraint "event_sequence_pkey" primary key ("id"));`,
    )
    this.addSql(`insert into "event_sequence" ("id", "last_seq") values (1, 0);`)

    this.addSql(
      `create table "organisation" ("id" uuid not null, "name" varchar(255) not null, "video_enabled" boolean not null default false, "created_at" timestamptz not null, constraint "organisation_pkey" primary key ("id"));`,
    )

    this.addSql(
      `create table "team" ("id" uuid not null, "name" varchar(255) not null, "created_at" timestamptz not null, constraint "team_pkey" primary key ("id"));`,
    )

    this.addSql(
      `create table "conversation" ("id" uuid not null, "kind" text check ("kind" in ('support', 'internal')) not null, "status" text check ("status" in ('open', 'closed')) not null, "contact_id" uuid null, "assignee_id" uuid null, "team_id" uuid null, "created_by_id" uuid null, "subject" varchar(255) null, "ticket_number" int null, "ticket_title" varchar(255) null, "ticket_type" text check ("ticket_type" in ('ticket', 'task')) null, "ticket_priority" text check ("ticket_priority" in ('low', 'normal', 'high', 'urgent')) null, "linked_ticket_id" uuid null, "last_message_at" timestamptz not null, "last_public_message_at" timestamptz null, "last_preview" varchar(255) null, "last_public_preview" varchar(255) null, "last_author_kind" text check ("last_author_kind" in ('agent', 'customer', 'system')) null, "last_customer_message_at" timestamptz null, "last_agent_reply_at" timestamptz null, "contact_last_read_at" timestamptz null, "trashed_at" timestamptz null, "created_at" timestamptz not null, "version" int not null default 1, "updated_at" timestamptz not null, constraint "conversation_pkey" primary key ("id"));`,
    )
    this.addSql(
      `alter table "conversation" add constraint "conversation_ticket_number_unique" unique ("ticket_number");`,
    )
    this.addSql(
      `create index "conversation_status_last_message_at_index" on "conversation" ("status", "last_message_at");`,
    )
    this.addSql(`create index "conversation_contact_id_index" on "conversation" ("contact_id");`)
    this.addSql(`create index "conversation_assignee_id_index" on "conversation" ("assignee_id");`)

    this.addSql(
      `create table "read_marker" ("conversation_id" uuid not null, "agent_id" uuid not null, "read_at" timestamptz not null, constraint "read_marker_pkey" primary key ("conversation_id", "agent_id"));`,
    )

    this.addSql(
      `create table "message" ("id" uuid not null, "conversation_id" uuid not null, "author_kind" text check ("author_kind" in ('agent', 'customer', 'system')) not null, "author_agent_id" uuid null, "author_contact_id" uuid null, "visibility" text check ("visibility" in ('public', 'internal')) not null, "kind" text check ("kind" in ('text', 'system')) not null, "body" text not null, "system" jsonb null, "client_id" varchar(255) null, "created_at" timestamptz not null, constraint "message_pkey" primary key ("id"));`,
    )
    this.addSql(
      `create index "message_conversation_id_created_at_index" on "message" ("conversation_id", "created_at");`,
    )
    this.addSql(
      `alter table "message" add constraint "message_conversation_id_client_id_unique" unique ("conversation_id", "client_id");`,
    )

    this.addSql(
      `create table "conversation_member" ("conversation_id" uuid not null, "agent_id" uuid not null, "role" text check ("role" in ('participant', 'follower')) not null, "created_at" timestamptz not null, constraint "conversation_member_pkey" primary key ("conversation_id", "agent_id"));`,
    )

    this.addSql(
      `create table "team_member" ("team_id" uuid not null, "agent_id" uuid not null, constraint "team_member_pkey" primary key ("team_id", "agent_id"));`,
    )

    this.addSql(
      `alter table "agent_session" add constraint "agent_session_agent_id_foreign" foreign key ("agent_id") references "agent" ("id") on update cascade on delete cascade;`,
    )

    this.addSql(
      `alter table "conversation" add constraint "conversation_contact_id_foreign" foreign key ("contact_id") references "contact" ("id") on update cascade on delete set null;`,
    )
    this.addSql(
      `alter table "conversation" add constraint "conversation_assignee_id_foreign" foreign key ("assignee_id") references "agent" ("id") on update cascade on delete set null;`,
    )
    this.addSql(
      `alter table "conversation" add constraint "conversation_team_id_foreign" foreign key ("team_id") references "team" ("id") on update cascade on delete set null;`,
    )
    this.addSql(
      `alter table "conversation" add constraint "conversation_created_by_id_foreign" foreign key ("created_by_id") references "agent" ("id") on update cascade on delete set null;`,
    )
    this.addSql(
      `alter table "conversation" add constraint "conversation_linked_ticket_id_foreign" foreign key ("linked_ticket_id") references "conversation" ("id") on update cascade on delete set null;`,
    )

    this.addSql(
      `alter table "read_marker" add constraint "read_marker_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update cascade on delete cascade;`,
    )
    this.addSql(
      `alter table "read_marker" add constraint "read_marker_agent_id_foreign" foreign key ("agent_id") references "agent" ("id") on update cascade on delete cascade;`,
    )

    this.addSql(
      `alter table "message" add constraint "message_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update cascade on delete cascade;`,
    )
    this.addSql(
      `alter table "message" add constraint "message_author_agent_id_foreign" foreign key ("author_agent_id") references "agent" ("id") on update cascade on delete set null;`,
    )
    this.addSql(
      `alter table "message" add constraint "message_author_contact_id_foreign" foreign key ("author_contact_id") references "contact" ("id") on update cascade on delete set null;`,
    )

    this.addSql(
      `alter table "conversation_member" add constraint "conversation_member_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update cascade on delete cascade;`,
    )
    this.addSql(
      `alter table "conversation_member" add constraint "conversation_member_agent_id_foreign" foreign key ("agent_id") references "agent" ("id") on update cascade on delete cascade;`,
    )

    this.addSql(
      `alter table "team_member" add constraint "team_member_team_id_foreign" foreign key ("team_id") references "team" ("id") on update cascade on delete cascade;`,
    )
    this.addSql(
      `alter table "team_member" add constraint "team_member_agent_id_foreign" foreign key ("agent_id") references "agent" ("id") on update cascade on delete cascade;`,
    )
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "agent_session" drop constraint "agent_session_agent_id_foreign";`)

    this.addSql(`alter table "conversation" drop constraint "conversation_assignee_id_foreign";`)

    this.addSql(`alter table "conversation" drop constraint "conversation_created_by_id_foreign";`)

    this.addSql(`alter table "read_marker" drop constraint "read_marker_agent_id_foreign";`)

    this.addSql(`alter table "message" drop constraint "message_author_agent_id_foreign";`)

    this.addSql(`alter table "conversation_member" drop constraint "conversation_member_agent_id_foreign";`)

    this.addSql(`alter table "team_member" drop constraint "team_member_agent_id_foreign";`)

    this.addSql(`alter table "conversation" drop constraint "conversation_contact_id_foreign";`)

    this.addSql(`alter table "message" drop constraint "message_author_contact_id_foreign";`)

    this.addSql(`alter table "conversation" drop constraint "conversation_team_id_foreign";`)

    this.addSql(`alter table "team_member" drop constraint "team_member_team_id_foreign";`)

    this.addSql(`alter table "conversation" drop constraint "conversation_linked_ticket_id_foreign";`)

    this.addSql(`alter table "read_marker" drop constraint "read_marker_conversation_id_foreign";`)

    this.addSql(`alter table "message" drop constraint "message_conversation_id_foreign";`)

    this.addSql(
      `alter table "conversation_member" drop constraint "conversation_member_conversation_id_foreign";`,
    )

    this.addSql(`drop table if exists "agent" cascade;`)

    this.addSql(`drop table if exists "agent_session" cascade;`)

    this.addSql(`drop table if exists "contact" cascade;`)

    this.addSql(`drop table if exists "event" cascade;`)

    this.addSql(`drop table if exists "event_sequence" cascade;`)

    this.addSql(`drop table if exists "organisation" cascade;`)

    this.addSql(`drop table if exists "team" cascade;`)

    this.addSql(`drop table if exists "conversation" cascade;`)

    this.addSql(`drop table if exists "read_marker" cascade;`)

    this.addSql(`drop table if exists "message" cascade;`)

    this.addSql(`drop table if exists "conversation_member" cascade;`)

    this.addSql(`drop table if exists "team_member" cascade;`)
  }
}
