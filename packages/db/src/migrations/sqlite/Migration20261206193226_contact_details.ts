import { Migration } from '@mikro-orm/migrations'

export class Migration20261206193226_contact_details extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`contact\` add column \`phone\` text null;`)
    this.addSql(`alter table \`contact\` add column \`company\` text null;`)
    this.addSql(`alter table \`contact\` add column \`attributes\` json null;`)
  }
}
