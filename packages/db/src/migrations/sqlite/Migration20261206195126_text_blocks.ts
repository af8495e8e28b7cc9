import { Migration } from '@mikro-orm/migrations'

export class Migration20261206195126_text_blocks extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`text_block\` (\`id\` text not null, \`title\` text not null, \`body\` text not null, \`owner_id\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`text_block_owner_id_foreign\` foreign key(\`owner_id\`) references \`agent\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`,
    )
    this.addSql(`create index \`text_block_owner_id_index\` on \`text_block\` (\`owner_id\`);`)
  }
}
