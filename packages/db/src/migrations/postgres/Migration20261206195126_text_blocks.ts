import { Migration } from '@mikro-orm/migrations'

export class Migration20261206195126_text_blocks extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "text_block" ("id" uuid not null, "title" varchar(255) not null, "body" text not null, "owner_id" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "text_block_pkey" primary key ("id"));`,
    )

    this.addSql(
      `alter table "text_block" add constraint "text_block_owner_id_foreign" foreign key ("owner_id") references "agent" ("id") on update cascade on delete cascade;`,
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "text_block" cascade;`)
  }
}
