import { Migration } from '@mikro-orm/migrations'

export class Migration20261207023336_attachments extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "stored_file" ("hash" varchar(64) not null, "content" bytea not null, "size" int not null, "created_at" timestamptz not null, constraint "stored_file_pkey" primary key ("hash"));`,
    )

    this.addSql(
      `create table "attachment" ("id" uuid not null, "conversation_id" uuid not null, "uploader_agent_id" uuid null, "uploader_contact_id" uuid null, "message_id" uuid null, "hash" varchar(64) not null, "thumbnail_hash" varchar(64) null, "size" int not null, "type" varchar(16) not null, "mime" varchar(100) not null, "kind" text check ("kind" in ('image', 'audio', 'video', 'document')) not null, "name" varchar(255) not null, "duration_ms" int null, "created_at" timestamptz not null, constraint "attachment_pkey" primary key ("id"));`,
    )
    this.addSql(`create index "attachment_hash_index" on "attachment" ("hash");`)
    this.addSql(`create index "attachment_created_at_index" on "attachment" ("created_at");`)

    this.addSql(
      `alter table "attachment" add constraint "attachment_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update cascade on delete cascade;`,
    )
    this.addSql(
      `alter table "attachment" add constraint "attachment_uploader_agent_id_foreign" foreign key ("uploader_agent_id") references "agent" ("id") on update cascade on delete cascade;`,
    )
    this.addSql(
      `alter table "attachment" add constraint "attachment_uploader_contact_id_foreign" foreign key ("uploader_contact_id") references "contact" ("id") on update cascade on delete cascade;`,
    )
    this.addSql(
      `alter table "attachment" add constraint "attachment_message_id_foreign" foreign key ("message_id") references "message" ("id") on update cascade on delete cascade;`,
    )

    this.addSql(`alter table "message" add column "attachments" jsonb null;`)
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "stored_file" cascade;`)

    this.addSql(`drop table if exists "attachment" cascade;`)

    this.addSql(`alter table "message" drop column "attachments";`)
  }
}
