import { Migration } from '@mikro-orm/migrations'

export class Migration20261207062858_agent_alerts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`agent\` add column \`alerts\` json null;`)
  }
}
