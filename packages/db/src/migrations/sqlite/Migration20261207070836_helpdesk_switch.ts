import { Migration } from '@mikro-orm/migrations'

export class Migration20261207070836_helpdesk_switch extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`organisation\` add column \`helpdesk_on\` integer not null default true;`)
    this.addSql(`alter table \`organisation\` add column \`online_message\` text null;`)
    this.addSql(`alter table \`organisation\` add column \`offline_message\` text null;`)
  }
}
