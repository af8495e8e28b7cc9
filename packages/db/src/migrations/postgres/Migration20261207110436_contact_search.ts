import { Migration } from '@mikro-orm/migrations'

/**
 * The contacts page's search (`InboxReadModel.contactIds`): a contact is found by any part of its name,
 * email, company or phone, as typed (`ilike '%…%'`). A trigram index lets PostgreSQL find the candidates of
 * such a pattern (three characters or more) without reading every contact. One index over the four texts
 * joined, rather than one per column: the planner prices a union of four index scans above reading the
 * table. The query names the very same expression (an expression index is only used for it), and then
 * checks the columns one by one, so that text spanning two of them finds nothing.
 *
 * The list's order has an index too: a pattern most contacts match (or none typed) then reads the most
 * recently seen contacts until the page is full, where the trigram index would hand over nearly all of
 * them to be sorted. The planner picks between the two by the index's statistics.
 *
 * `pg_trgm` ships with PostgreSQL's contrib modules and is a trusted extension: the database's owner may
 * create it. Written by hand, like the inbox's search indexes: operator classes are not expressible by
 * entities. The index is written through (`fastupdate = off`), as those are.
 */
export class Migration20261207110436_contact_search extends Migration {
  override async up(): Promise<void> {
    this.addSql('create extension if not exists pg_trgm;')
    this.addSql(`create index "contact_text_trigram_index" on "contact" using gin ((coalesce(name, '') || ' ' ||
      coalesce(email, '') || ' ' || coalesce(company, '') || ' ' || coalesce(phone, '')) gin_trgm_ops)
      with (fastupdate = off);`)
    this.addSql(
      'create index "contact_recency_index" on "contact" ((coalesce(last_seen_at, created_at)) desc);',
    )
    // The planner's statistics of the indexed expressions, without which it cannot choose between the two.
    this.addSql('analyze "contact";')
  }

  override async down(): Promise<void> {
    this.addSql('drop index "contact_recency_index";')
    this.addSql('drop index "contact_text_trigram_index";')
  }
}
