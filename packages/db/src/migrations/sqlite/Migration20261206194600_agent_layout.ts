import { Migration } from '@mikro-orm/migrations'

export class Migration20261206194600_agent_layout extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`agent\` add column \`layout\` json null;`)
  }
}
