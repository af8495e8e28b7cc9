import { Migration } from '@mikro-orm/migrations'

/**
 * Full-text search of the inbox (conversation-search.ts has the query side). Written by hand: functions,
 * triggers and expression indexes are not expressible by entities, so they stay out of the snapshot and
 * later diffs leave them alone.
 *
 * `search_document` is the one definition of how a text becomes words, used by the indexes and by the
 * queries alike (an expression index is only used for the very same expression). It splits on punctuation
 * first, as SQLite's unicode61 does, so that `anna@example.com` gives `anna`, `example` and `com` rather
 * than the parser's single email token; `simple` neither stems nor drops words: the inbox is multilingual.
 *
 * Message words live in `message_search`, filled by a trigger whoever inserts (system messages are not
 * indexed): a narrow table next to the GIN index, so that a match finds its conversation without reading
 * message bodies. Contacts and conversations change, so theirs are expression indexes.
 *
 * The GIN indexes are written through (`fastupdate = off`): with a pending list, every search would also
 * read the list of entries not yet merged, which on a busy inbox is always some megabytes long.
 */
export class Migration20261207092315_search extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function search_document(text) returns tsvector language sql immutable parallel safe
      return to_tsvector('simple'::regconfig,
        regexp_replace(coalesce($1, ''), '[\\x01-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7f\\u00a0-\\u00bf\\u2000-\\u206f]+', ' ', 'g'));`)

    this.addSql(`create table "message_search" (
      "message_id" uuid not null references "message" ("id") on delete cascade,
      "conversation_id" uuid not null,
      "document" tsvector not null,
      constraint "message_search_pkey" primary key ("message_id"));`)
    this.addSql(
      'create index "message_search_document_index" on "message_search" using gin ("document") with (fastupdate = off);',
    )
    this.addSql(
      'create index "message_search_conversation_id_index" on "message_search" ("conversation_id");',
    )
    // Messages never change (rule 5), and leave only with their conversation: an insert trigger is all.
    this.addSql(`create function message_search_insert() returns trigger language plpgsql as $$
      begin
        insert into message_search (message_id, conversation_id, document)
          values (new.id, new.conversation_id, search_document(new.body));
        return null;
      end $$;`)
    this.addSql(`create trigger "message_search_insert" after insert on "message"
      for each row when (new.kind = 'text') execute function message_search_insert();`)
    this.addSql(`insert into message_search (message_id, conversation_id, document)
      select id, conversation_id, search_document(body) from message where kind = 'text';`)

    this.addSql(`create index "contact_search_index" on "contact"
      using gin (search_document(coalesce(name, '') || ' ' || coalesce(email, ''))) with (fastupdate = off);`)
    this.addSql(`create index "conversation_search_index" on "conversation"
      using gin (search_document(coalesce(subject, '') || ' ' || coalesce(ticket_title, ''))) with (fastupdate = off);`)
  }

  override async down(): Promise<void> {
    this.addSql('drop index "conversation_search_index";')
    this.addSql('drop index "contact_search_index";')
    this.addSql('drop table "message_search";')
    this.addSql('drop function message_search_insert();')
    this.addSql('drop function search_document(text);')
  }
}
