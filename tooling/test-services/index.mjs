// The PostgreSQL + Redis runs of the test suites: `with-services` probes both, then runs a suite with
// PARLEY_TEST_POSTGRES_URL and PARLEY_TEST_REDIS_URL set; harnesses read them through `testServices()`.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createConnection } from 'node:net'
import pg from 'pg'

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test'
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379'

/** Set only inside a `with-services` run; both or neither. */
export function testServices() {
  const postgresUrl = process.env.PARLEY_TEST_POSTGRES_URL || null
  const redisUrl = process.env.PARLEY_TEST_REDIS_URL || null
  return postgresUrl && redisUrl ? { postgresUrl, redisUrl } : null
}

/** A new, empty database on the server of `baseUrl`, for one test file; `drop()` removes it. */
export async function freshPostgresDatabase(baseUrl, prefix = 'parley_test') {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  await withAdmin(baseUrl, (client) => client.query(`create database "${name}"`))
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    name,
    drop: () =>
      withAdmin(baseUrl, (client) => client.query(`drop database if exists "${name}" with (force)`)),
  }
}

async function withAdmin(baseUrl, use) {
  const client = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 3_000 })
  await client.connect()
  try {
    return await use(client)
  } finally {
    await client.end()
  }
}

/** Null when PostgreSQL answers `select 1`, else why not. */
export async function postgresProblem(url) {
  try {
    await withAdmin(url, (client) => client.query('select 1'))
    return null
  } catch (error) {
    return `PostgreSQL is not reachable at ${redact(url)} (${error instanceof Error ? error.message : error})`
  }
}

/** Null when Redis answers PING, else why not. Speaks RESP itself: the probe needs no client library. */
export function redisProblem(url) {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) })
    const fail = (why) => {
      socket.destroy()
      resolve(`Redis is not reachable at ${redact(url)} (${why})`)
    }
    socket.setTimeout(3_000, () => fail('timed out'))
    socket.once('error', (error) => fail(error.message))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (data) => {
      socket.destroy()
      resolve(data.toString().startsWith('+PONG') ? null : fail(`answered ${JSON.stringify(String(data))}`))
    })
  })
}

function redact(url) {
  const parsed = new URL(url)
  if (parsed.password) parsed.password = '***'
  return parsed.toString()
}

/**
 * Another process holding a SQLite file's write lock, as the sqlite3 shell or a backup tool would:
 * python3's sqlite3 takes it and keeps it until released (readers go on, in WAL mode).
 */
export function holdSqliteWriteLock(file) {
  const script = [
    'import sqlite3, sys',
    `db = sqlite3.connect(${JSON.stringify(file)}, isolation_level=None, timeout=10)`,
    "db.execute('BEGIN EXCLUSIVE')",
    "print('locked', flush=True)",
    'sys.stdin.readline()',
  ].join('\n')
  const child = spawn('python3', ['-c', script], { stdio: ['pipe', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () =>
      resolve({
        release() {
          child.stdin.end('\n')
          return new Promise((done) => child.once('exit', done))
        },
      }),
    )
    child.once('exit', (code) => reject(new Error(`the locking process exited (${code})`)))
  })
}
