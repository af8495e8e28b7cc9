import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { MikroORM } from '@mikro-orm/core'
import { Migration } from '@mikro-orm/migrations'
import { afterEach, expect, it } from 'vitest'
import { Contact, Conversation, createOrm, Message, type MikroORM as ParleyOrm } from '../src/index.ts'
import { migrationsList } from '../src/migrations/sqlite/index.ts'
import { config, migrate } from '../src/orm.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

/** The shape MikroORM generates when SQLite has to alter a column: copy, drop, rename. */
class RebuildConversation extends Migration {
  override async up(): Promise<void> {
    this.addSql('pragma foreign_keys = off;')
    this.addSql(
      'create table `conversation__temp_alter` (`id` text not null, `kind` text not null, `status` text not null, ' +
        '`last_message_at` datetime not null, `created_at` datetime not null, `updated_at` datetime not null, ' +
        'primary key (`id`));',
    )
    this.addSql(
      'insert into `conversation__temp_alter` select `id`, `kind`, `status`, `last_message_at`, `created_at`, ' +
        '`updated_at` from `conversation`;',
    )
    this.addSql('drop table `conversation`;')
    this.addSql('alter table `conversation__temp_alter` rename to `conversation`;')
    this.addSql('pragma foreign_keys = on;')
  }
}

it('keeps the messages of a conversation when a later migration rebuilds the conversation table', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-db-'))
  dirs.push(dataDir)

  const first = await createOrm({ dataDir })
  const em = first.em.fork()
  const contact = em.create(Contact, { tokenHash: 'hash' })
  const conversation = em.create(Conversation, { kind: 'support', status: 'open', contact })
  em.create(Message, { conversation, authorKind: 'customer', visibility: 'public', kind: 'text', body: 'Hi' })
  await em.flush()
  await first.close(true)

  const base = config({ dataDir })
  const later = (await MikroORM.init({
    ...base,
    migrations: {
      ...base.migrations,
      migrationsList: [
        ...migrationsList,
        { name: 'Migration99990101000000_rebuild', class: RebuildConversation },
      ],
    },
  })) as ParleyOrm
  try {
    await migrate(later)
    const connection = later.em.getConnection()
    expect(await later.em.fork().count(Message, {})).toBe(1)
    expect(await connection.execute('pragma foreign_keys')).toEqual([{ foreign_keys: 1 }])
  } finally {
    await later.close(true)
  }
})
