import { Migration } from '@mikro-orm/migrations'

export class Migration20261206193226_contact_details extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "contact" add column "phone" varchar(255) null, add column "company" varchar(255) null, add column "attributes" jsonb null;`,
    )
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "contact" drop column "phone", drop column "company", drop column "attributes";`)
  }
}
