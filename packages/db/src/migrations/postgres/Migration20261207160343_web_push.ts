import { Migration } from '@mikro-orm/migrations'

export class Migration20261207160343_web_push extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "push_subscription" ("id" uuid not null, "contact_id" uuid not null, "endpoint" varchar(1000) not null, "p256dh" varchar(200) not null, "auth" varchar(100) not null, "created_at" timestamptz not null, constraint "push_subscription_pkey" primary key ("id"));`,
    )
    this.addSql(
      `alter table "push_subscription" add constraint "push_subscription_endpoint_unique" unique ("endpoint");`,
    )

    this.addSql(
      `alter table "push_subscription" add constraint "push_subscription_contact_id_foreign" foreign key ("contact_id") references "contact" ("id") on update cascade on delete cascade;`,
    )

    this.addSql(
      `alter table "organisation" add column "vapid_public_key" varchar(255) null, add column "vapid_private_key" varchar(255) null;`,
    )

    this.addSql(`alter table "conversation" add column "pushed_for" timestamptz null;`)
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "push_subscription" cascade;`)

    this.addSql(`alter table "organisation" drop column "vapid_public_key", drop column "vapid_private_key";`)

    this.addSql(`alter table "conversation" drop column "pushed_for";`)
  }
}
