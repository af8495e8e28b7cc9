import { Migration } from '@mikro-orm/migrations'

export class Migration20261206195500_knowledge_base extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "article" ("id" uuid not null, "slug" varchar(80) not null, "title" varchar(200) not null, "category" varchar(80) not null default '', "body" text not null, "status" text check ("status" in ('draft', 'published')) not null default 'draft', "updated_by_id" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "published_at" timestamptz null, "version" int not null default 1, constraint "article_pkey" primary key ("id"));`,
    )
    this.addSql(`alter table "article" add constraint "article_slug_unique" unique ("slug");`)
    this.addSql(`create index "article_status_category_index" on "article" ("status", "category");`)

    this.addSql(
      `alter table "article" add constraint "article_updated_by_id_foreign" foreign key ("updated_by_id") references "agent" ("id") on update cascade on delete set null;`,
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "article" cascade;`)
  }
}
