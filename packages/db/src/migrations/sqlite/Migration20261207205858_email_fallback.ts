import { Migration } from '@mikro-orm/migrations'

export class Migration20261207205858_email_fallback extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`pending_mail\` (\`id\` text not null, \`conversation_id\` text not null, \`agent_id\` text null, \`contact_id\` text null, \`message_ids\` json not null, \`created_at\` datetime not null, \`attempts\` integer not null default 0, \`due_at\` datetime not null, \`claimed_until\` datetime null, \`last_error\` text null, constraint \`pending_mail_conversation_id_foreign\` foreign key(\`conversation_id\`) references \`conversation\`(\`id\`) on delete cascade on update cascade, constraint \`pending_mail_agent_id_foreign\` foreign key(\`agent_id\`) references \`agent\`(\`id\`) on delete cascade on update cascade, constraint \`pending_mail_contact_id_foreign\` foreign key(\`contact_id\`) references \`contact\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`,
    )
    this.addSql(
      `create index \`pending_mail_conversation_id_index\` on \`pending_mail\` (\`conversation_id\`);`,
    )
    this.addSql(`create index \`pending_mail_agent_id_index\` on \`pending_mail\` (\`agent_id\`);`)
    this.addSql(`create index \`pending_mail_contact_id_index\` on \`pending_mail\` (\`contact_id\`);`)
    this.addSql(`create index \`pending_mail_due_at_index\` on \`pending_mail\` (\`due_at\`);`)

    this.addSql(`alter table \`agent\` add column \`locale\` text null;`)

    this.addSql(`alter table \`contact\` add column \`locale\` text null;`)

    this.addSql(`alter table \`organisation\` add column \`mail_token_secret\` text null;`)

    this.addSql(`alter table \`conversation\` add column \`mailed_through\` datetime null;`)
    // What was written before the fallback existed is not mailed now.
    this.addSql(`update \`conversation\` set \`mailed_through\` = \`last_message_at\`;`)
    this.addSql(
      `create index \`conversation_last_message_at_index\` on \`conversation\` (\`last_message_at\`);`,
    )
  }
}
