import { Migration } from '@mikro-orm/migrations'

/**
 * Full-text search of the inbox (conversation-search.ts has the query side). Written by hand: FTS5 tables
 * and triggers are not expressible by entities, so they stay out of the snapshot and later diffs leave them
 * alone.
 *
 * One contentless FTS5 table holds every searchable text of a conversation under rowids of its own range:
 * `key << 24` is its contact's name and email, `+ 1` its subject and ticket title, `+ 2…` its text messages
 * (system messages are not indexed). A match therefore names its conversation without a lookup, which is
 * what keeps a common word cheap. The keys live in `search_conversation`, an integer primary key that
 * VACUUM and table copies never renumber (a rowid without one may change).
 *
 * Each trigger reads only its own table's row and the `search_` tables (contacts' texts are copied into
 * `search_contact` for that): SQLite alters a column by copying a table, dropping it and renaming the
 * copy, and a trigger naming a table that is briefly missing would fail that rename. Such a copy of
 * `conversation`, `message` or `contact` drops the table's own triggers with it, so the migration that
 * copies one must create them again; the db package's search test fails until it does.
 */
export class Migration20261207092315_search extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table \`search_conversation\` (
      \`key\` integer primary key,
      \`conversation_id\` text not null unique,
      \`contact_id\` text null,
      \`last_slot\` integer not null default 1
    );`)
    this.addSql(
      'create index `search_conversation_contact_id_index` on `search_conversation` (`contact_id`);',
    )
    this.addSql(
      `create table \`search_contact\` (\`contact_id\` text not null primary key, \`text\` text not null);`,
    )
    // Contentless with deletes: the texts are in their own tables already; only headers are ever replaced.
    // \`prefix\`: the last word is matched as a prefix while the agent types; short prefixes get an index.
    this.addSql(`create virtual table \`search_text\` using fts5(text, content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');`)

    const contactText = (contactId: string) =>
      `(select text from search_contact where contact_id = ${contactId})`
    const subjectText = (c: string) => `coalesce(${c}.subject, '') || ' ' || coalesce(${c}.ticket_title, '')`
    const writeContactSlot = (conversationId: string, contactId: string) =>
      `insert into search_text (rowid, text) select sc.key << 24, ${contactText(contactId)}
        from search_conversation sc where sc.conversation_id = ${conversationId} and ${contactId} is not null;`
    const writeSubjectSlot = (c: string) =>
      `insert into search_text (rowid, text) select (sc.key << 24) + 1, ${subjectText(c)}
        from search_conversation sc where sc.conversation_id = ${c}.id and coalesce(${c}.subject, ${c}.ticket_title) is not null;`

    this.addSql(`create trigger \`search_contact_created\` after insert on contact begin
      insert into search_contact (contact_id, text)
        values (new.id, coalesce(new.name, '') || ' ' || coalesce(new.email, ''));
    end;`)
    this.addSql(`create trigger \`search_contact_changed\` after update of name, email on contact
      when new.name is not old.name or new.email is not old.email begin
      update search_contact set text = coalesce(new.name, '') || ' ' || coalesce(new.email, '')
        where contact_id = new.id;
      delete from search_text where rowid in (select key << 24 from search_conversation where contact_id = new.id);
      insert into search_text (rowid, text) select key << 24, ${contactText('new.id')}
        from search_conversation where contact_id = new.id;
    end;`)
    this.addSql(`create trigger \`search_contact_deleted\` after delete on contact begin
      delete from search_contact where contact_id = old.id;
    end;`)
    this.addSql(`create trigger \`search_conversation_created\` after insert on conversation begin
      insert into search_conversation (conversation_id, contact_id) values (new.id, new.contact_id);
      ${writeContactSlot('new.id', 'new.contact_id')}
      ${writeSubjectSlot('new')}
    end;`)
    this.addSql(`create trigger \`search_conversation_contact_changed\` after update of contact_id on conversation
      when new.contact_id is not old.contact_id begin
      update search_conversation set contact_id = new.contact_id where conversation_id = new.id;
      delete from search_text where rowid = (select key << 24 from search_conversation where conversation_id = new.id);
      ${writeContactSlot('new.id', 'new.contact_id')}
    end;`)
    this.addSql(`create trigger \`search_conversation_subject_changed\` after update of subject, ticket_title
      on conversation when new.subject is not old.subject or new.ticket_title is not old.ticket_title begin
      delete from search_text
        where rowid = (select (key << 24) + 1 from search_conversation where conversation_id = new.id);
      ${writeSubjectSlot('new')}
    end;`)
    this.addSql(`create trigger \`search_conversation_deleted\` after delete on conversation begin
      delete from search_text where rowid between
        (select key << 24 from search_conversation where conversation_id = old.id)
        and (select (key << 24) + 16777215 from search_conversation where conversation_id = old.id);
      delete from search_conversation where conversation_id = old.id;
    end;`)
    // Messages never change (rule 5), and leave only with their conversation: an insert trigger is all.
    this.addSql(`create trigger \`search_message_created\` after insert on message when new.kind = 'text' begin
      update search_conversation set last_slot = last_slot + 1 where conversation_id = new.conversation_id;
      insert into search_text (rowid, text) select (key << 24) + last_slot, new.body
        from search_conversation where conversation_id = new.conversation_id;
    end;`)

    // What is there already, in the same shape.
    this.addSql(`insert into search_contact (contact_id, text)
      select id, coalesce(name, '') || ' ' || coalesce(email, '') from contact;`)
    this.addSql(`insert into search_conversation (conversation_id, contact_id)
      select id, contact_id from conversation order by created_at, id;`)
    this.addSql(`insert into search_text (rowid, text) select sc.key << 24, ${contactText('sc.contact_id')}
      from search_conversation sc where sc.contact_id is not null;`)
    this.addSql(`insert into search_text (rowid, text) select (sc.key << 24) + 1, ${subjectText('c')}
      from conversation c join search_conversation sc on sc.conversation_id = c.id
      where coalesce(c.subject, c.ticket_title) is not null;`)
    this.addSql(`insert into search_text (rowid, text)
      select (sc.key << 24) + 1 + row_number() over (partition by m.conversation_id order by m.created_at, m.id), m.body
      from message m join search_conversation sc on sc.conversation_id = m.conversation_id where m.kind = 'text';`)
    this.addSql(`update search_conversation set last_slot = 1 + (select count(*) from message m
      where m.conversation_id = search_conversation.conversation_id and m.kind = 'text');`)
  }
}
