import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { defineConfig, MikroORM, type Options } from '@mikro-orm/better-sqlite'
import { Migrator } from '@mikro-orm/migrations'
import { entities } from './entities/index.ts'
import { migrationsList } from './migrations/index.ts'

export interface OrmOptions {
  /** Directory that holds `parley.sqlite`; created when missing. Defaults to `./data`. */
  dataDir?: string
  /** An exact SQLite file, or `':memory:'`; takes precedence over `dataDir`. */
  dbPath?: string
  /** Only SQLite is implemented: a URL is refused rather than silently ignored in favour of a local file. */
  databaseUrl?: string
  debug?: boolean
}

/** Minimal shape of a better-sqlite3 `Database`, which ships no types of its own. */
interface SqliteHandle {
  pragma(source: string): unknown
}

const DB_FILE_NAME = 'parley.sqlite'

function resolveDbPath(options: OrmOptions): string {
  if (options.databaseUrl) {
    throw new Error(
      'DATABASE_URL is set, but @parley/db only supports SQLite so far: unset it to use DATA_DIR.',
    )
  }
  if (options.dbPath) return options.dbPath
  return path.resolve(options.dataDir ?? 'data', DB_FILE_NAME)
}

// knex may replace a pooled connection at any time, so pragmas go on every new one, not once after connect.
function applyPragmas(conn: SqliteHandle, done: (error: Error | null, conn: SqliteHandle) => void): void {
  try {
    conn.pragma('busy_timeout = 5000')
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
  return defineConfig({
    dbName: resolveDbPath(options),
    entities,
    extensions: [Migrator],
    // Every unit of work forks its own EntityManager; sharing the global identity map between requests leaks state.
    allowGlobalContext: false,
    debug: options.debug ?? false,
    // Ids and timestamps exist right after `em.create()`, so callers can reference them before flushing.
    processOnCreateHooksEarly: true,
    pool: { afterCreate: applyPragmas },
    // Entities are passed as schemas, so discovery never needs to read files: keeps bundlers and vitest happy.
    discovery: { disableDynamicFileAccess: true },
    migrations: {
      migrationsList,
      // The server reports readiness itself; per-migration lines on every start are noise.
      silent: true,
      // `up()` rewrites the snapshot from the live database when this is on; only the authoring script writes it.
      snapshot: false,
      snapshotName: '.snapshot-parley',
      emit: 'ts',
    },
  })
}

/** Opens the database and applies pending migrations before resolving; the schema is never synced from entities. */
export async function createOrm(options: OrmOptions = {}): Promise<MikroORM> {
  const dbName = resolveDbPath(options)
  if (dbName !== ':memory:') mkdirSync(path.dirname(dbName), { recursive: true })
  const orm = await MikroORM.init(config(options))
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
