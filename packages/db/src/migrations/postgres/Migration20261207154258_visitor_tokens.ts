import { Migration } from '@mikro-orm/migrations'

export class Migration20261207154258_visitor_tokens extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "visitor_token" ("id" varchar(255) not null, "contact_id" uuid not null, "created_at" timestamptz not null, constraint "visitor_token_pkey" primary key ("id"));`,
    )

    this.addSql(
      `alter table "visitor_token" add constraint "visitor_token_contact_id_foreign" foreign key ("contact_id") references "contact" ("id") on update cascade on delete cascade;`,
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "visitor_token" cascade;`)
  }
}
