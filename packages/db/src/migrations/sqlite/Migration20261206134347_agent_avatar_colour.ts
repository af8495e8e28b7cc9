import { Migration } from '@mikro-orm/migrations'

export class Migration20261206134347_agent_avatar_colour extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`agent\` add column \`avatar_colour\` text null;`)
  }
}
