import { DriverException, LockWaitTimeoutException } from '@mikro-orm/knex'

/**
 * A database error as it may be logged. The drivers' messages carry the statement with every value
 * inlined (customer names, ticket titles, token hashes) and PostgreSQL adds the offending value as its
 * detail: the log gets the statement's shape and the error, with every quoted literal and number
 * replaced by `?`. Anything else is returned as it is.
 */
export function loggableError(error: unknown): unknown {
  if (!(error instanceof DriverException)) return error
  const code = error.code ? ` ${error.code}` : ''
  return `${error.name}${code}: ${withoutValues(error.message)}`
}

function withoutValues(message: string): string {
  return message
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/\$\d+/g, '?')
    .replace(/\b\d+(\.\d+)?\b/g, '?')
}

/**
 * The database would not give us its lock in time: another process holds the SQLite file (a backup,
 * the sqlite3 shell), or a PostgreSQL lock timeout. Nothing was written; the caller may try again.
 * The hot path's own statements (sql-runner.ts) raise better-sqlite3's error, not MikroORM's.
 */
export function isDatabaseBusy(error: unknown): boolean {
  if (error instanceof LockWaitTimeoutException) return true
  const code = (error as { code?: unknown } | null)?.code
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED'
}
