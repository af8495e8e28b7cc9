import type { EntityManager } from '@mikro-orm/knex'
import { type DatabaseKind, databaseKindOf, type MikroORM } from './orm.ts'

/**
 * Plain SQL on either database, for the paths the unit of work is too slow for (write-store.ts,
 * read-models.ts, event-log.ts). Statements name their parameters (`:at`); a runner binds them by name,
 * so one text serves both drivers. What differs between SQLite and PostgreSQL (how a list, a date or a
 * boolean travels) is in `Dialect`, next to the statements' texts.
 */
export type Row = Record<string, unknown>
export type Params = Record<string, unknown>

export interface SqlRunner {
  readonly dialect: Dialect
  all(text: string, params?: Params): Promise<Row[]>
  /** Returns how many rows the statement changed. */
  run(text: string, params?: Params): Promise<number>
}

export interface Dialect {
  kind: DatabaseKind
  /** A parameter as the database binds it: SQLite keeps dates as epoch milliseconds and booleans as 0/1. */
  date(value: Date): unknown
  bool(value: boolean): unknown
  /** `column in (…)` for a list bound as one JSON array parameter, so one prepared text fits any length. */
  inList(column: string, param: string, type?: 'uuid' | 'text'): string
  /** The JSON array of `expression` over the rows of a subquery. */
  jsonArray(expression: string): string
  /** A parameter whose type PostgreSQL cannot infer from where it stands. */
  typed(param: string, type: 'text' | 'boolean' | 'timestamptz' | 'integer' | 'uuid'): string
  /** Case-insensitive LIKE (SQLite's LIKE already is, for ASCII). */
  like: string
  greatest: string
  /** `a` differs from `b`, a null counting as a value of its own. */
  distinct(a: string, b: string): string
  /**
   * Joins `table as alias` by looking up, for each row so far, the rows meeting `condition`: in the order
   * written, where the planner would rather hash the whole table (SQLite's CROSS JOIN; on PostgreSQL a
   * lateral subquery that `offset 0` keeps from being flattened into a join it may reorder).
   */
  lookUp(table: string, alias: string, condition: string): string
}

const sqlite: Dialect = {
  kind: 'sqlite',
  date: (value) => value.getTime(),
  bool: (value) => Number(value),
  inList: (column, param) => `${column} in (select value from json_each(:${param}))`,
  jsonArray: (expression) => `json_group_array(${expression})`,
  typed: (param) => `:${param}`,
  like: 'like',
  greatest: 'max',
  distinct: (a, b) => `${a} is not ${b}`,
  lookUp: (table, alias, condition) => `cross join ${table} ${alias} on ${condition}`,
}

const postgres: Dialect = {
  kind: 'postgres',
  date: (value) => value,
  bool: (value) => value,
  inList: (column, param, type = 'uuid') =>
    `${column} in (select jsonb_array_elements_text(:${param}::jsonb)${type === 'uuid' ? '::uuid' : ''})`,
  jsonArray: (expression) => `coalesce(json_agg(${expression}), '[]'::json)`,
  typed: (param, type) => `:${param}::${type}`,
  like: 'ilike',
  greatest: 'greatest',
  distinct: (a, b) => `${a} is distinct from ${b}`,
  lookUp: (table, alias, condition) =>
    `cross join lateral (select * from ${table} ${alias} where ${condition} offset 0) ${alias}`,
}

export function dialectOf(kind: DatabaseKind): Dialect {
  return kind === 'postgres' ? postgres : sqlite
}

/** `:name` placeholders to positional `?`, once per text. `::type` casts are left alone. */
interface Compiled {
  text: string
  names: string[]
}
const compiled = new Map<string, Compiled>()
function compile(text: string): Compiled {
  let found = compiled.get(text)
  if (!found) {
    const names: string[] = []
    const positional = text.replace(/(?<!:):([a-zA-Z]\w*)/g, (_, name: string) => {
      names.push(name)
      return '?'
    })
    found = { text: positional, names }
    compiled.set(text, found)
  }
  return found
}

function bind(names: string[], params: Params): unknown[] {
  return names.map((name) => {
    if (!(name in params)) throw new Error(`SQL parameter :${name} was not given`)
    return params[name] ?? null
  })
}

/** The parts of knex used here: MikroORM's public `getKnex()` returns it. */
interface KnexLike {
  raw(
    text: string,
    bindings: unknown[],
  ): PromiseLike<unknown> & { transacting(trx: unknown): PromiseLike<unknown> }
  client: unknown
}

/**
 * Statements through knex, inside a transaction when given one: the way in on PostgreSQL, and on SQLite
 * for writers that share a transaction with the unit of work (conversation-writer.ts).
 */
export function knexRunner(em: EntityManager, trx?: unknown): SqlRunner {
  const dialect = dialectOf(databaseKindOf(em))
  const knex = em.getConnection().getKnex() as unknown as KnexLike
  const execute = (text: string, params: Params) => {
    const { text: positional, names } = compile(text)
    const query = knex.raw(positional, bind(names, params))
    return trx ? query.transacting(trx) : query
  }
  return {
    dialect,
    async all(text, params = {}) {
      const result = (await execute(text, params)) as Row[] | { rows: Row[] }
      return Array.isArray(result) ? result : result.rows
    },
    async run(text, params = {}) {
      // node-postgres answers { rowCount }, better-sqlite3 { changes }.
      const result = (await execute(text, params)) as { rowCount?: number | null; changes?: number }
      return Number(result.rowCount ?? result.changes ?? 0)
    },
  }
}

/** The parts of a better-sqlite3 connection used here (the driver ships no types). */
interface SqliteStatement {
  all(params: unknown[]): Row[]
  run(params: unknown[]): { changes: number }
}
interface SqliteConnection {
  prepare(text: string): SqliteStatement
}
interface ConnectionPool {
  acquireConnection(): Promise<SqliteConnection>
  releaseConnection(connection: SqliteConnection): Promise<unknown> | unknown
}

const statementCaches = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>()

function preparedRunner(connection: SqliteConnection): SqlRunner {
  let cache = statementCaches.get(connection)
  if (!cache) {
    cache = new Map()
    statementCaches.set(connection, cache)
  }
  const statements = cache
  const statement = (text: string) => {
    let prepared = statements.get(text)
    if (!prepared) {
      prepared = connection.prepare(compile(text).text)
      statements.set(text, prepared)
    }
    return prepared
  }
  return {
    dialect: sqlite,
    all: async (text, params = {}) => statement(text).all(bind(compile(text).names, params)),
    run: async (text, params = {}) => statement(text).run(bind(compile(text).names, params)).changes,
  }
}

/**
 * Runs `use` holding one connection. On SQLite that is the pool's only connection, on cached prepared
 * statements of better-sqlite3 (the ORM's per-query cost was most of a message's server time, README
 * "Performance"); on PostgreSQL a pooled one through knex. With `transaction`, `use` runs in one
 * transaction: on SQLite BEGIN IMMEDIATE takes the write lock up front, so what it reads is what it
 * writes over.
 */
export async function withConnection<T>(
  orm: MikroORM,
  options: { transaction: boolean },
  use: (runner: SqlRunner) => Promise<T>,
): Promise<T> {
  if (databaseKindOf(orm) === 'postgres') {
    if (!options.transaction) return use(knexRunner(orm.em))
    return orm.em.getConnection().transactional((trx) => use(knexRunner(orm.em, trx)))
  }
  const pool = (orm.em.getConnection().getKnex() as unknown as KnexLike).client as ConnectionPool
  const connection = await pool.acquireConnection()
  const runner = preparedRunner(connection)
  try {
    if (!options.transaction) return await use(runner)
    await runner.run('begin immediate')
    try {
      const result = await use(runner)
      await runner.run('commit')
      return result
    } catch (error) {
      await runner.run('rollback')
      throw error
    }
  } finally {
    await pool.releaseConnection(connection)
  }
}

/** A date column as stored: epoch milliseconds on SQLite, a timestamp (Date or text) on PostgreSQL. */
export function dateOf(value: unknown): Date {
  if (value instanceof Date) return value
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) {
    return new Date(Number(value))
  }
  return new Date(String(value))
}

export function nullableDate(value: unknown): Date | null {
  return value === null || value === undefined ? null : dateOf(value)
}

/** A JSON column as returned: text on SQLite, already parsed on PostgreSQL. */
export function jsonOf<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T
}

/** Statement texts built once per dialect. */
export function perDialect<T>(build: (dialect: Dialect) => T): (dialect: Dialect) => T {
  const built = new Map<DatabaseKind, T>()
  return (dialect) => {
    let found = built.get(dialect.kind)
    if (found === undefined) {
      found = build(dialect)
      built.set(dialect.kind, found)
    }
    return found
  }
}

/** One instance per database, shared by everyone using it. */
export function perOrm<T>(create: (orm: MikroORM) => T): (orm: MikroORM) => T {
  const instances = new WeakMap<MikroORM, T>()
  return (orm) => {
    let found = instances.get(orm)
    if (found === undefined) {
      found = create(orm)
      instances.set(orm, found)
    }
    return found
  }
}
