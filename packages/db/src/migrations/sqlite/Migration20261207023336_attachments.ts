import { Migration } from '@mikro-orm/migrations'

export class Migration20261207023336_attachments extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`stored_file\` (\`hash\` text not null, \`content\` blob not null, \`size\` integer not null, \`created_at\` datetime not null, primary key (\`hash\`));`,
    )

    this.addSql(
      `create table \`attachment\` (\`id\` text not null, \`conversation_id\` text not null, \`uploader_agent_id\` text null, \`uploader_contact_id\` text null, \`message_id\` text null, \`hash\` text not null, \`thumbnail_hash\` text null, \`size\` integer not null, \`type\` text not null, \`mime\` text not null, \`kind\` text check (\`kind\` in ('image', 'audio', 'video', 'document')) not null, \`name\` text not null, \`duration_ms\` integer null, \`created_at\` datetime not null, constraint \`attachment_conversation_id_foreign\` foreign key(\`conversation_id\`) references \`conversation\`(\`id\`) on delete cascade on update cascade, constraint \`attachment_uploader_agent_id_foreign\` foreign key(\`uploader_agent_id\`) references \`agent\`(\`id\`) on delete cascade on update cascade, constraint \`attachment_uploader_contact_id_foreign\` foreign key(\`uploader_contact_id\`) references \`contact\`(\`id\`) on delete cascade on update cascade, constraint \`attachment_message_id_foreign\` foreign key(\`message_id\`) references \`message\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`,
    )
    this.addSql(`create index \`attachment_conversation_id_index\` on \`attachment\` (\`conversation_id\`);`)
    this.addSql(
      `create index \`attachment_uploader_agent_id_index\` on \`attachment\` (\`uploader_agent_id\`);`,
    )
    this.addSql(
      `create index \`attachment_uploader_contact_id_index\` on \`attachment\` (\`uploader_contact_id\`);`,
    )
    this.addSql(`create index \`attachment_message_id_index\` on \`attachment\` (\`message_id\`);`)
    this.addSql(`create index \`attachment_hash_index\` on \`attachment\` (\`hash\`);`)
    this.addSql(`create index \`attachment_created_at_index\` on \`attachment\` (\`created_at\`);`)

    this.addSql(`alter table \`message\` add column \`attachments\` json null;`)
  }
}
