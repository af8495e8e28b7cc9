import { Migration } from '@mikro-orm/migrations'

export class Migration20261126114435_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`agent\` (\`id\` text not null, \`email\` text not null, \`name\` text not null, \`password_hash\` text not null, \`role\` text check (\`role\` in ('admin', 'agent')) not null, \`support\` integer not null default false, \`created_at\` datetime not null, \`last_seen_at\` datetime null, primary key (\`id\`));`,
    )
    this.addSql(`create unique index \`agent_email_unique\` on \`agent\` (\`email\`);`)

    this.addSql(
      `create table \`agent_session\` (\`id\` text not null, \`agent_id\` text not null, \`created_at\` datetime not null, \`expires_at\` datetime not null, constraint \`agent_session_agent_id_foreign\` foreign key(\`agent_id\`) references \`agent\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`,
    )
    this.addSql(`create index \`agent_session_agent_id_index\` on \`agent_session\` (\`agent_id\`);`)

    this.addSql(
      `create table \`contact\` (\`id\` text not null, \`name\` text null, \`email\` text null, \`blocked\` integer not null default false, \`token_hash\` text not null, \`created_at\` datetime not null, \`last_seen_at\` datetime null, primary key (\`id\`));`,
    )
    this.addSql(`create unique index \`contact_token_hash_unique\` on \`contact\` (\`token_hash\`);`)

    this.addSql(
      `create table \`event\` (\`seq\` integer not null primary key autoincrement, \`type\` text not null, \`conversation_id\` text not null, \`visibility\` text check (\`visibility\` in ('public', 'internal')) not null, \`payload\` json not null, \`created_at\` datetime not null);`,
    )
    this.addSql(`create index \`event_conversation_id_index\` on \`event\` (\`conversation_id\`);`)

    this.addSql(
      `create table \`organisation\` (\`id\` text not null, \`name\` text not null, \`video_enabled\` integer not null default false, \`created_at\` datetime not null, primary key (\`id\`));`,
    )

    this.addSql(
      `create table \`team\` (\`id\` text not null, \`name\` text not null, \`created_at\` datetime not null, primary key (\`id\`));`,
    )

    this.addSql(
      `create table \`conversation\` (\`id\` text not null, \`kind\` text check (\`kind\` in ('support', 'internal')) not null, \`status\` text check (\`status\` in ('open', 'closed')) not null, \`contact_id\` text null, \`assignee_id\` text null, \`team_id\` text null, \`created_by_id\` text null, \`subject\` text null, \`ticket_number\` integer null, \`ticket_title\` text null, \`ticket_type\` text check (\`ticket_type\` in ('ticket', 'task')) null, \`ticket_priority\` text check (\`ticket_priority\` in ('low', 'normal', 'high', 'urgent')) null, \`linked_ticket_id\` text null, \`last_message_at\` datetime not null, \`last_public_message_at\` datetime null, \`last_preview\` text null, \`last_public_preview\` text null, \`last_author_kind\` text check (\`last_author_kind\` in ('agent', 'customer', 'system')) null, \`last_customer_message_at\` datetime null, \`last_agent_reply_at\` datetime null, \`contact_last_read_at\` datetime null, \`trashed_at\` datetime null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`conversation_contact_id_foreign\` foreign key(\`contact_id\`) references \`contact\`(\`id\`) on delete set null on update cascade, constraint \`conversation_assignee_id_foreign\` foreign key(\`assignee_id\`) references \`agent\`(\`id\`) on delete set null on update cascade, constraint \`conversation_team_id_foreign\` foreign key(\`team_id\`) references \`team\`(\`id\`) on delete set null on update cascade, constraint \`conversation_created_by_id_foreign\` foreign key(\`created_by_id\`) references \`agent\`(\`id\`) on delete set null on update cascade, constraint \`conversation_linked_ticket_id_foreign\` foreign key(\`linked_ticket_id\`) references \`conversation\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`,
    )
    this.addSql(`create index \`conversation_team_id_index\` on \`conversation\` (\`team_id\`);`)
    this.addSql(`create index \`conversation_created_by_id_index\` on \`conversation\` (\`created_by_id\`);`)
    this.addSql(
      `create unique index \`conversation_ticket_number_unique\` on \`conversation\` (\`ticket_number\`);`,
    )
    this.addSql(
      `create index \`conversation_linked_ticket_id_index\` on \`conversation\` (\`linked_ticket_id\`);`,
    )
    this.addSql(
      `create index \`conversation_status_last_message_at_index\` on \`conversation\` (\`status\`, \`last_message_at\`);`,
    )
    this.addSql(`create index \`conversation_contact_id_index\` on \`conversation\` (\`contact_id\`);`)
    this.addSql(`create index \`conversation_assignee_id_index\` on \`conversation\` (\`assignee_id\`);`)

    this.addSql(
      `create table \`read_marker\` (\`conversation_id\` text not null, \`agent_id\` text not null, \`read_at\` datetime not null, constraint \`read_marker_conversation_id_foreign\` foreign key(\`conversation_id\`) references \`conversation\`(\`id\`) on delete cascade on update cascade, constraint \`read_marker_agent_id_foreign\` foreign key(\`agent_id\`) references \`agent\`(\`id\`) on delete cascade on update cascade, primary key (\`conversation_id\`, \`agent_id\`));`,
    )
    this.addSql(`create index \`read_marker_agent_id_index\` on \`read_marker\` (\`agent_id\`);`)

    this.addSql(
      `create table \`message\` (\`id\` text not null, \`conversation_id\` text not null, \`author_kind\` text check (\`author_kind\` in ('agent', 'customer', 'system')) not null, \`author_agent_id\` text null, \`author_contact_id\` text null, \`visibility\` text check (\`visibility\` in ('public', 'internal')) not null, \`kind\` text check (\`kind\` in ('text', 'system')) not null, \`body\` text not null, \`system\` json null, \`client_id\` text null, \`created_at\` datetime not null, constraint \`message_conversation_id_foreign\` foreign key(\`conversation_id\`) references \`conversation\`(\`id\`) on delete cascade on update cascade, constraint \`message_author_agent_id_foreign\` foreign key(\`author_agent_id\`) references \`agent\`(\`id\`) on delete set null on update cascade, constraint \`message_author_contact_id_foreign\` foreign key(\`author_contact_id\`) references \`contact\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`,
    )
    this.addSql(`create index \`message_author_agent_id_index\` on \`message\` (\`author_agent_id\`);`)
    this.addSql(`create index \`message_author_contact_id_index\` on \`message\` (\`author_contact_id\`);`)
    this.addSql(
      `create index \`message_conversation_id_created_at_index\` on \`message\` (\`conversation_id\`, \`created_at\`);`,
    )
    this.addSql(
      `create unique index \`message_conversation_id_client_id_unique\` on \`message\` (\`conversation_id\`, \`client_id\`);`,
    )

    this.addSql(
      `create table \`conversation_member\` (\`conversation_id\` text not null, \`agent_id\` text not null, \`role\` text check (\`role\` in ('participant', 'follower')) not null, \`created_at\` datetime not null, constraint \`conversation_member_conversation_id_foreign\` foreign key(\`conversation_id\`) references \`conversation\`(\`id\`) on delete cascade on update cascade, constraint \`conversation_member_agent_id_foreign\` foreign key(\`agent_id\`) references \`agent\`(\`id\`) on delete cascade on update cascade, primary key (\`conversation_id\`, \`agent_id\`));`,
    )
    this.addSql(
      `create index \`conversation_member_agent_id_index\` on \`conversation_member\` (\`agent_id\`);`,
    )

    this.addSql(
      `create table \`team_member\` (\`team_id\` text not null, \`agent_id\` text not null, constraint \`team_member_team_id_foreign\` foreign key(\`team_id\`) references \`team\`(\`id\`) on delete cascade on update cascade, constraint \`team_member_agent_id_foreign\` foreign key(\`agent_id\`) references \`agent\`(\`id\`) on delete cascade on update cascade, primary key (\`team_id\`, \`agent_id\`));`,
    )
    this.addSql(`create index \`team_member_agent_id_index\` on \`team_member\` (\`agent_id\`);`)
  }
}
