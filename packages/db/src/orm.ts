import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite'
import { MikroORM as CoreMikroORM, defineConfig, type Options } from '@mikro-orm/core'
import type { AbstractSqlDriver, SqlEntityManager } from '@mikro-orm/knex'
import { Migrator } from '@mikro-orm/migrations'
import { PostgreSqlDriver } from '@mikro-orm/postgresql'
import { entities } from './entities/index.ts'
import { migrationsList as postgresMigrations } from './migrations/postgres/index.ts'
import { migrationsList as sqliteMigrations } from './migrations/sqlite/index.ts'

/** The ORM on either database; nothing outside this package names a driver. */
export type MikroORM = CoreMikroORM<AbstractSqlDriver, SqlEntityManager>

export type DatabaseKind = 'sqlite' | 'postgres'

export interface OrmOptions {
  /** Directory that holds `parley.sqlite`; created when missing. Defaults to `./data`. */
  dataDir?: string
  /** An exact SQLite file, or `':memory:'`; takes precedence over `dataDir`. */
  dbPath?: string
  /** `postgres://…` (or `postgresql://…`): PostgreSQL instead of the SQLite file. */
  databaseUrl?: string
  debug?: boolean
}

/** Minimal shape of a better-sqlite3 `Database`, which ships no types of its own. */
interface SqliteHandle {
  pragma(source: string): unknown
}

const DB_FILE_NAME = 'parley.sqlite'

type Target = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string }

function targetOf(options: OrmOptions): Target {
  if (options.databaseUrl) {
    const scheme = options.databaseUrl.split(':', 1)[0]
    if (scheme === 'postgres' || scheme === 'postgresql')
      return { kind: 'postgres', url: options.databaseUrl }
    throw new Error(
      `DATABASE_URL must be a postgres:// URL (got "${scheme}:"); unset it to use SQLite in DATA_DIR.`,
    )
  }
  if (options.dbPath) return { kind: 'sqlite', file: options.dbPath }
  return { kind: 'sqlite', file: path.resolve(options.dataDir ?? 'data', DB_FILE_NAME) }
}

// knex may replace a pooled connection at any time, so pragmas go on every new one, not once after connect.
function applyPragmas(conn: SqliteHandle, done: (error: Error | null, conn: SqliteHandle) => void): void {
  try {
    // SQLite waits for a lock by sleeping in this thread, which stalls every request of the server: wait
    // at most 100 ms, then the call fails with 503 and the client tries again (trpc.ts).
    conn.pragma('busy_timeout = 100')
    conn.pragma('journal_mode = WAL')
    conn.pragma('synchronous = NORMAL')
    conn.pragma('foreign_keys = ON')
    done(null, conn)
  } catch (error) {
    done(error as Error, conn)
  }
}

/** The runtime configuration; scripts/create-migration.ts extends it to write migrations and the snapshot. */
export function config(options: OrmOptions = {}): Options {
  const target = targetOf(options)
  const database: Options =
    target.kind === 'sqlite'
      ? { driver: BetterSqliteDriver, dbName: target.file, pool: { afterCreate: applyPragmas } }
      : // Several instances share one server: a small pool each (a send batch needs one connection).
        { driver: PostgreSqlDriver, clientUrl: target.url, pool: { min: 0, max: 10 } }
  return defineConfig({
    ...database,
    entities,
    extensions: [Migrator],
    // Every unit of work forks its own EntityManager; sharing the global identity map between requests leaks state.
    allowGlobalContext: false,
    debug: options.debug ?? false,
    // Ids and timestamps exist right after `em.create()`, so callers can reference them before flushing.
    processOnCreateHooksEarly: true,
    // Entities are passed as schemas, so discovery never needs to read files: keeps bundlers and vitest happy.
    discovery: { disableDynamicFileAccess: true },
    migrations: {
      migrationsList: target.kind === 'sqlite' ? sqliteMigrations : postgresMigrations,
      // The server reports readiness itself; per-migration lines on every start are noise.
      silent: true,
      // `up()` rewrites the snapshot from the live database when this is on; only the authoring script writes it.
      snapshot: false,
      snapshotName: '.snapshot-parley',
      emit: 'ts',
    },
  })
}

/** Which database an ORM talks to: the write store and the read models pick their SQL by it. */
export function databaseKindOf(orm: { config: { get(key: 'driver'): unknown } }): DatabaseKind {
  return orm.config.get('driver') === PostgreSqlDriver ? 'postgres' : 'sqlite'
}

/** Opens the database and applies pending migrations before resolving; the schema is never synced from entities. */
export async function createOrm(options: OrmOptions = {}): Promise<MikroORM> {
  const target = targetOf(options)
  if (target.kind === 'sqlite' && target.file !== ':memory:') {
    mkdirSync(path.dirname(target.file), { recursive: true })
  }
  const orm = (await CoreMikroORM.init(config(options))) as MikroORM
  try {
    await migrate(orm)
  } catch (error) {
    await orm.close(true)
    throw error
  }
  return orm
}

/** Exported for tests only; `createOrm` is the way in. */
export async function migrate(orm: MikroORM): Promise<void> {
  if (databaseKindOf(orm) === 'postgres') {
    // Instances starting together: the first migrates while holding the lock (its transaction pins one
    // connection), the others wait for it, then find nothing left to do.
    const connection = orm.em.getConnection()
    await connection.transactional(async (trx) => {
      await connection.execute('select pg_advisory_xact_lock(7283516)', [], 'all', trx)
      await orm.migrator.up()
    })
    return
  }
  const connection = orm.em.getConnection()
  // SQLite alters a table by rebuilding it; with foreign keys on, dropping the old copy fires the ON DELETE actions
  // (cascade, set null) of every row that references it. The pragma is ignored inside a transaction, so it is turned
  // off around the migration transaction (knex keeps a single SQLite connection) and the references are checked after.
  await connection.execute('pragma foreign_keys = off')
  try {
    await orm.migrator.up()
    const violations = await connection.execute('pragma foreign_key_check')
    if (violations.length > 0) {
      throw new Error(`Migrations left ${violations.length} broken foreign key reference(s).`)
    }
  } finally {
    await connection.execute('pragma foreign_keys = on')
  }
}
