import { Migration } from '@mikro-orm/migrations'

export class Migration20261207160343_web_push extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`push_subscription\` (\`id\` text not null, \`contact_id\` text not null, \`endpoint\` text not null, \`p256dh\` text not null, \`auth\` text not null, \`created_at\` datetime not null, constraint \`push_subscription_contact_id_foreign\` foreign key(\`contact_id\`) references \`contact\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`,
    )
    this.addSql(
      `create index \`push_subscription_contact_id_index\` on \`push_subscription\` (\`contact_id\`);`,
    )
    this.addSql(
      `create unique index \`push_subscription_endpoint_unique\` on \`push_subscription\` (\`endpoint\`);`,
    )

    this.addSql(`alter table \`organisation\` add column \`vapid_public_key\` text null;`)
    this.addSql(`alter table \`organisation\` add column \`vapid_private_key\` text null;`)

    this.addSql(`alter table \`conversation\` add column \`pushed_for\` datetime null;`)
  }
}
