import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freshPostgresDatabase, testServices } from '@parley/test-services'
import { createOrm, type MikroORM } from '../src/index.ts'

/** The database this run covers: SQLite, or PostgreSQL inside the `with-services` run. */
export const databases: Array<'sqlite' | 'postgres'> = testServices() ? ['postgres'] : ['sqlite']

/** A fresh, migrated database of `kind`; `drop()` closes and removes it. */
export async function freshDatabase(
  kind: 'sqlite' | 'postgres',
): Promise<{ orm: MikroORM; drop(): Promise<void> }> {
  if (kind === 'postgres') {
    const database = await freshPostgresDatabase(testServices()!.postgresUrl)
    const orm = await createOrm({ databaseUrl: database.url })
    return {
      orm,
      async drop() {
        await orm.close(true)
        await database.drop()
      },
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-db-'))
  const orm = await createOrm({ dataDir: dir })
  return {
    orm,
    async drop() {
      await orm.close(true)
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
