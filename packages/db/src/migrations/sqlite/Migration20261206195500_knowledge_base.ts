import { Migration } from '@mikro-orm/migrations'

export class Migration20261206195500_knowledge_base extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`article\` (\`id\` text not null, \`slug\` text not null, \`title\` text not null, \`category\` text not null default '', \`body\` text not null, \`status\` text check (\`status\` in ('draft', 'published')) not null default 'draft', \`updated_by_id\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`published_at\` datetime null, \`version\` integer not null default 1, constraint \`article_updated_by_id_foreign\` foreign key(\`updated_by_id\`) references \`agent\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`,
    )
    this.addSql(`create unique index \`article_slug_unique\` on \`article\` (\`slug\`);`)
    this.addSql(`create index \`article_updated_by_id_index\` on \`article\` (\`updated_by_id\`);`)
    this.addSql(`create index \`article_status_category_index\` on \`article\` (\`status\`, \`category\`);`)
  }
}
