import { Migration } from '@mikro-orm/migrations'

export class Migration20261207124113_ticket_offers extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`ticket_offer\` (\`id\` text not null, \`conversation_id\` text not null, \`agent_id\` text null, \`team_id\` text null, \`status\` text check (\`status\` in ('pending', 'accepted', 'withdrawn')) not null, \`offered_by_id\` text null, \`expires_at\` datetime null, \`created_at\` datetime not null, constraint \`ticket_offer_conversation_id_foreign\` foreign key(\`conversation_id\`) references \`conversation\`(\`id\`) on delete cascade on update cascade, constraint \`ticket_offer_agent_id_foreign\` foreign key(\`agent_id\`) references \`agent\`(\`id\`) on delete cascade on update cascade, constraint \`ticket_offer_team_id_foreign\` foreign key(\`team_id\`) references \`team\`(\`id\`) on delete cascade on update cascade, constraint \`ticket_offer_offered_by_id_foreign\` foreign key(\`offered_by_id\`) references \`agent\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`,
    )
    this.addSql(`create index \`ticket_offer_agent_id_index\` on \`ticket_offer\` (\`agent_id\`);`)
    this.addSql(`create index \`ticket_offer_team_id_index\` on \`ticket_offer\` (\`team_id\`);`)
    this.addSql(`create index \`ticket_offer_offered_by_id_index\` on \`ticket_offer\` (\`offered_by_id\`);`)
    this.addSql(
      `create index \`ticket_offer_conversation_id_status_index\` on \`ticket_offer\` (\`conversation_id\`, \`status\`);`,
    )
    this.addSql(
      `create index \`ticket_offer_agent_id_status_index\` on \`ticket_offer\` (\`agent_id\`, \`status\`);`,
    )
    this.addSql(
      `create index \`ticket_offer_status_expires_at_index\` on \`ticket_offer\` (\`status\`, \`expires_at\`);`,
    )
  }
}
