import { Migration } from '@mikro-orm/migrations'

export class Migration20261207154056_widget_identity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "contact" add column "external_id" varchar(255) null;`)
    this.addSql(`alter table "contact" add constraint "contact_external_id_unique" unique ("external_id");`)

    this.addSql(
      `alter table "organisation" add column "prechat_fields" jsonb null, add column "widget_sites" jsonb null, add column "identity_secret" varchar(255) null;`,
    )
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "contact" drop constraint "contact_external_id_unique";`)
    this.addSql(`alter table "contact" drop column "external_id";`)

    this.addSql(
      `alter table "organisation" drop column "prechat_fields", drop column "widget_sites", drop column "identity_secret";`,
    )
  }
}
