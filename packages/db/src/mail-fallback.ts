import type { MikroORM } from './orm.ts'
import { type Dialect, nullableDate, perDialect, perOrm, withConnection } from './sql-runner.ts'

/**
 * Rule 12's sweep, its first step: the conversations with a message nobody has dealt with for
 * EMAIL_FALLBACK_MS. Driven by the index on `last_message_at`, over the recent ones only, so an idle
 * helpdesk costs one small index range per sweep.
 */
export interface MailDueConversation {
  conversationId: string
  /** Where the last sweep stopped: the claim is conditional on it (one instance deals with each batch). */
  mailedThrough: Date | null
}

const statements = perDialect((d: Dialect) => ({
  due: `select c.id, c.mailed_through from conversation c
      where c.last_message_at > ${d.typed('horizon', 'timestamptz')} and c.trashed_at is null
        and (c.mailed_through is null or c.mailed_through < c.last_message_at)
        and exists (select 1 from message m where m.conversation_id = c.id
          and (c.mailed_through is null or m.created_at > c.mailed_through)
          and m.created_at <= ${d.typed('dueBefore', 'timestamptz')})
      order by c.last_message_at limit :limit`,
}))

const storeOf = perOrm((orm) => new MailFallback(orm))

export class MailFallback {
  static of(orm: MikroORM): MailFallback {
    return storeOf(orm)
  }

  constructor(private readonly orm: MikroORM) {}

  /** Conversations whose oldest message after the last sweep was written before `dueBefore`. */
  due(options: { dueBefore: Date; horizon: Date; limit: number }): Promise<MailDueConversation[]> {
    return withConnection(this.orm, { transaction: false }, async (runner) => {
      const rows = await runner.all(statements(runner.dialect).due, {
        dueBefore: runner.dialect.date(options.dueBefore),
        horizon: runner.dialect.date(options.horizon),
        limit: options.limit,
      })
      return rows.map((row) => ({
        conversationId: String(row.id),
        mailedThrough: nullableDate(row.mailed_through),
      }))
    })
  }
}
