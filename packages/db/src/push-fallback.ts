import type { MikroORM } from './orm.ts'
import { type Dialect, dateOf, perDialect, perOrm, withConnection } from './sql-runner.ts'

/**
 * Web Push for customers who left (issue 10, part 6): the replies they have not read, in conversations
 * of contacts with a subscribed browser, and the claim that makes each announced once across instances
 * and restarts (the Missed sweep's pattern: a conditional update of `pushed_for`).
 */

export interface UnreadReply {
  conversationId: string
  contactId: string
  lastAgentReplyAt: Date
  /** Plain text of the last public message: what the notification shows, never a note. */
  preview: string | null
}

const statements = perDialect((d: Dialect) => ({
  // Driven from push_subscription: with no subscriptions (most helpdesks) it reads an empty index.
  due: `select c.id, c.contact_id, c.last_agent_reply_at, c.last_public_preview from conversation c
      where c.contact_id in (select s.contact_id from push_subscription s)
        and c.kind = 'support' and c.trashed_at is null
        and c.last_agent_reply_at <= ${d.typed('dueBefore', 'timestamptz')}
        and (c.pushed_for is null or c.pushed_for < c.last_agent_reply_at)
        and (c.contact_last_read_at is null or c.contact_last_read_at < c.last_agent_reply_at)
      order by c.last_agent_reply_at limit :limit`,
  claim: `update conversation set pushed_for = last_agent_reply_at
      where id = :id and last_agent_reply_at = ${d.typed('at', 'timestamptz')}
        and (pushed_for is null or pushed_for < last_agent_reply_at)`,
}))

const storeOf = perOrm((orm) => new PushFallback(orm))

export class PushFallback {
  static of(orm: MikroORM): PushFallback {
    return storeOf(orm)
  }

  constructor(private readonly orm: MikroORM) {}

  /** Replies made before `dueBefore` that their customer has neither read nor been told of. */
  due(dueBefore: Date, limit: number): Promise<UnreadReply[]> {
    return withConnection(this.orm, { transaction: false }, async (runner) => {
      const rows = await runner.all(statements(runner.dialect).due, {
        dueBefore: runner.dialect.date(dueBefore),
        limit,
      })
      return rows.map((row) => ({
        conversationId: String(row.id),
        contactId: String(row.contact_id),
        lastAgentReplyAt: dateOf(row.last_agent_reply_at),
        preview: row.last_public_preview == null ? null : String(row.last_public_preview),
      }))
    })
  }

  /** True for the one instance that gets to announce this reply; false if another did, or one came since. */
  claim(reply: UnreadReply): Promise<boolean> {
    return withConnection(this.orm, { transaction: false }, async (runner) => {
      const changed = await runner.run(statements(runner.dialect).claim, {
        id: reply.conversationId,
        at: runner.dialect.date(reply.lastAgentReplyAt),
      })
      return changed === 1
    })
  }
}
