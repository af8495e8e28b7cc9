// Usage: pnpm --filter @parley/db migration:create [name]
// Diffs the entities against the committed snapshot (an empty database when there is none yet), writes the next
// migration and the snapshot into src/migrations, and regenerates the explicit list in src/migrations/index.ts.
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { MikroORM } from '@mikro-orm/better-sqlite'
import { migrationsList } from '../src/migrations/index.ts'
import { config } from '../src/orm.ts'

const migrationsDir = path.resolve(import.meta.dirname, '../src/migrations')
const name = process.argv[2]

const base = config({ dbPath: ':memory:' })
const snapshotName = base.migrations?.snapshotName ?? '.snapshot-parley'
if (migrationsList.length > 0 && !existsSync(path.join(migrationsDir, `${snapshotName}.json`))) {
  // Without the snapshot the diff would start from an empty database and recreate every table.
  throw new Error(`src/migrations/${snapshotName}.json is missing: restore it before creating a migration.`)
}

const orm = await MikroORM.init({
  ...base,
  migrations: { ...base.migrations, path: migrationsDir, snapshot: true },
})
try {
  const result = await orm.migrator.createMigration(migrationsDir, false, false, name)
  console.log(
    result.fileName
      ? `Created src/migrations/${result.fileName}: format it with \`npx biome check --write packages/db\`.`
      : 'Entities match the snapshot: no migration needed.',
  )
} finally {
  await orm.close(true)
}

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
