import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { holdSqliteWriteLock, testServices } from '@parley/test-services'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig, type RunningServer, startServer } from '../src/index.ts'

// Another process holding the SQLite file's lock (a backup, the sqlite3 shell) must not stall the
// whole server: SQLite waits for a lock by sleeping in the calling thread, which is the event loop.

const admin = { email: 'anna@example.com', password: 'correct horse battery' }

describe.runIf(!testServices())('an external lock on the SQLite file', () => {
  let dataDir: string
  let server: RunningServer

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'parley-lock-'))
    server = await startServer(
      loadConfig({ PORT: '0', DATA_DIR: dataDir, ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password }),
    )
  })
  afterAll(async () => {
    await server?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const start = () =>
    fetch(`${server.url}/api/trpc/customer.start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { name: 'Waiting' } }),
    })

  it('calls are answered 503 at once while it lasts, the server stays responsive, and work resumes after', async () => {
    const locker = await holdSqliteWriteLock(path.join(dataDir, 'parley.sqlite'))
    try {
      const started = Date.now()
      const [busy, read] = await Promise.all([start(), fetch(`${server.url}/api/trpc/auth.setupNeeded`)])
      const answeredWithinMs = Date.now() - started
      expect(busy.status).toBe(503)
      const [body] = [await busy.json()].flat() as Array<{ error: { json: { message: string } } }>
      expect(body?.error.json.message).toBe('The database is busy. Please try again in a moment.')
      // Reading needs no write lock: it is answered as usual.
      expect(read.status).toBe(200)
      // The old 5 s busy wait would have held both answers that long.
      expect(answeredWithinMs).toBeLessThan(2_000)
    } finally {
      await locker.release()
    }
    expect((await start()).status).toBe(200)
  })
})
