import { Migration } from '@mikro-orm/migrations'

export class Migration20261207154258_visitor_tokens extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`visitor_token\` (\`id\` text not null, \`contact_id\` text not null, \`created_at\` datetime not null, constraint \`visitor_token_contact_id_foreign\` foreign key(\`contact_id\`) references \`contact\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`,
    )
    this.addSql(`create index \`visitor_token_contact_id_index\` on \`visitor_token\` (\`contact_id\`);`)
  }
}
