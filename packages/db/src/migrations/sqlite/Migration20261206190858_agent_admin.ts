import { Migration } from '@mikro-orm/migrations'

export class Migration20261206190858_agent_admin extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`agent_invite\` (\`id\` text not null, \`agent_id\` text not null, \`created_at\` datetime not null, \`expires_at\` datetime not null, constraint \`agent_invite_agent_id_foreign\` foreign key(\`agent_id\`) references \`agent\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`,
    )
    this.addSql(`create index \`agent_invite_agent_id_index\` on \`agent_invite\` (\`agent_id\`);`)

    this.addSql(`alter table \`agent\` add column \`deactivated_at\` datetime null;`)
  }
}
