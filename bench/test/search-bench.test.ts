import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createOrm } from '@parley/db'
import { expect, it } from 'vitest'
import { measureInbox } from '../src/inbox-queries.ts'
import { seedInbox } from '../src/inbox-seed.ts'

// The search benchmark at a small size, so that its seeding and its queries keep working with the schema.

it('seeds an inbox and times every list and search kind on it', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-search-bench-'))
  const orm = await createOrm({ dataDir })
  try {
    const seeded = await seedInbox(orm, { conversations: 2000, messages: 20_000 })
    const timings = await measureInbox(orm, seeded, 2)
    const rows = Object.fromEntries(timings.map((timing) => [timing.name, timing.rows]))
    expect(rows['list: from customers, closed']).toBe(100)
    expect(rows['search: common word "order"']).toBe(100)
    expect(rows['search: email, whole']).toBeGreaterThan(0)
    expect(rows['search: nothing matches']).toBe(0)
    for (const timing of timings) expect(timing.ms.max).toBeGreaterThan(0)
  } finally {
    await orm.close(true)
    rmSync(dataDir, { recursive: true, force: true })
  }
}, 60_000)
