// Usage: pnpm --filter @parley/db migration:create [name]
// For each database, diffs the entities against its committed snapshot (an empty database when there is none
// yet), writes the next migration and the snapshot into src/migrations/<database>, and regenerates the explicit
// list in its index.ts. The PostgreSQL diff needs a server: PARLEY_MIGRATION_POSTGRES_URL, or the local default.
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { MikroORM } from '@mikro-orm/core'
import { DEFAULT_POSTGRES_URL, freshPostgresDatabase } from '@parley/test-services'
import { migrationsList as postgresMigrations } from '../src/migrations/postgres/index.ts'
import { migrationsList as sqliteMigrations } from '../src/migrations/sqlite/index.ts'
import { config } from '../src/orm.ts'

const name = process.argv[2]

async function createFor(database: 'sqlite' | 'postgres', existing: unknown[]) {
  const migrationsDir = path.resolve(import.meta.dirname, '../src/migrations', database)
  const scratch =
    database === 'postgres'
      ? await freshPostgresDatabase(process.env.PARLEY_MIGRATION_POSTGRES_URL ?? DEFAULT_POSTGRES_URL)
      : null
  const base = config(scratch ? { databaseUrl: scratch.url } : { dbPath: ':memory:' })
  const snapshotName = base.migrations?.snapshotName ?? '.snapshot-parley'
  if (existing.length > 0 && !existsSync(path.join(migrationsDir, `${snapshotName}.json`))) {
    // Without the snapshot the diff would start from an empty database and recreate every table.
    throw new Error(`src/migrations/${database}/${snapshotName}.json is missing: restore it first.`)
  }
  const orm = await MikroORM.init({
    ...base,
    migrations: { ...base.migrations, path: migrationsDir, snapshot: true },
  })
  try {
    const result = await orm.migrator.createMigration(migrationsDir, false, false, name)
    console.log(
      result.fileName
        ? `Created src/migrations/${database}/${result.fileName}: format it with \`npx biome check --write packages/db\`.`
        : `${database}: entities match the snapshot, no migration needed.`,
    )
  } finally {
    await orm.close(true)
    await scratch?.drop()
  }
  writeIndex(migrationsDir)
}

function writeIndex(migrationsDir: string) {
  const names = readdirSync(migrationsDir)
    .filter((file) => /^Migration\d{14}.*\.ts$/.test(file))
    .map((file) => file.replace(/\.ts$/, ''))
    .sort()
  writeFileSync(
    path.join(migrationsDir, 'index.ts'),
    [
      '// Written by scripts/create-migration.ts: listed explicitly so migrations run without globbing the filesystem.',
      "import type { MigrationObject } from '@mikro-orm/core'",
      ...names.map((n) => `import { ${n} } from './${n}.ts'`),
      '',
      'export const migrationsList: MigrationObject[] = [',
      ...names.map((n) => `  { name: '${n}', class: ${n} },`),
      ']',
      '',
    ].join('\n'),
  )
}

await createFor('sqlite', sqliteMigrations)
await createFor('postgres', postgresMigrations)
