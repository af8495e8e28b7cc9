import { Migration } from '@mikro-orm/migrations'

export class Migration20261206030431_event_log extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`event_sequence\` (\`id\` integer not null, \`last_seq\` integer not null, primary key (\`id\`));`,
    )

    this.addSql(`alter table \`event\` add column \`contact_id\` text null;`)
    this.addSql(`alter table \`event\` add column \`access\` json not null default 'null';`)
    this.addSql(`create index \`event_contact_id_index\` on \`event\` (\`contact_id\`);`)

    this.addSql(`alter table \`conversation\` add column \`version\` integer not null default 1;`)

    // Events written before this migration: who may see them (the conversation's facts as they are now)
    // and whose customer stream they belong to, as the write store records both for new events.
    this.addSql(`update \`event\` set
      \`contact_id\` = (select c.contact_id from conversation c where c.id = event.conversation_id),
      \`access\` = coalesce((select json_object(
        'kind', c.kind, 'status', c.status, 'contactId', c.contact_id, 'assigneeId', c.assignee_id,
        'createdById', c.created_by_id,
        'memberIds', (select json_group_array(m.agent_id) from conversation_member m where m.conversation_id = c.id),
        'ticket', case when c.ticket_number is null then null else json_object('number', c.ticket_number,
          'title', coalesce(c.ticket_title, ''), 'type', coalesce(c.ticket_type, 'ticket'),
          'priority', coalesce(c.ticket_priority, 'normal')) end,
        'trashed', json(case when c.trashed_at is null then 'false' else 'true' end))
        from conversation c where c.id = event.conversation_id), 'null');`)
    // Seqs so far came from autoincrement; from now on they are handed out from this row.
    this.addSql(
      `insert into \`event_sequence\` (\`id\`, \`last_seq\`) values (1, coalesce((select max(seq) from event), 0));`,
    )
  }
}
