import { Migration } from '@mikro-orm/migrations'

export class Migration20261207154056_widget_identity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`contact\` add column \`external_id\` text null;`)
    this.addSql(`create unique index \`contact_external_id_unique\` on \`contact\` (\`external_id\`);`)

    this.addSql(`alter table \`organisation\` add column \`prechat_fields\` json null;`)
    this.addSql(`alter table \`organisation\` add column \`widget_sites\` json null;`)
    this.addSql(`alter table \`organisation\` add column \`identity_secret\` text null;`)
  }
}
