import { Migration } from '@mikro-orm/migrations'

export class Migration20261207095926_inbox_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index "conversation_assignee_id_index";`)

    this.addSql(
      `create index "conversation_assignee_id_status_last_message_at_index" on "conversation" ("assignee_id", "status", "last_message_at");`,
    )
    this.addSql(
      `create index "conversation_created_by_id_status_last_message_at_index" on "conversation" ("created_by_id", "status", "last_message_at");`,
    )

    this.addSql(`create index "conversation_member_agent_id_index" on "conversation_member" ("agent_id");`)
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "conversation_assignee_id_status_last_message_at_index";`)
    this.addSql(`drop index "conversation_created_by_id_status_last_message_at_index";`)

    this.addSql(`create index "conversation_assignee_id_index" on "conversation" ("assignee_id");`)

    this.addSql(`drop index "conversation_member_agent_id_index";`)
  }
}
