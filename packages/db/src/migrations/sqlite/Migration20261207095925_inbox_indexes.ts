import { Migration } from '@mikro-orm/migrations'

export class Migration20261207095925_inbox_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index \`conversation_assignee_id_status_last_message_at_index\` on \`conversation\` (\`assignee_id\`, \`status\`, \`last_message_at\`);`,
    )
    this.addSql(
      `create index \`conversation_created_by_id_status_last_message_at_index\` on \`conversation\` (\`created_by_id\`, \`status\`, \`last_message_at\`);`,
    )
  }
}
