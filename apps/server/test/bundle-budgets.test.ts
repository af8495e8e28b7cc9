import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

// Issue 10, part 8: what the customer's browser pays for, as built, gzipped at level 9. Figures are
// printed on every run; the assertions keep them from growing.

const dist = (app: string) => fileURLToPath(new URL(`../../${app}/dist`, import.meta.url))
const built =
  existsSync(path.join(dist('widget'), 'widget.js')) && existsSync(path.join(dist('chat'), 'index.html'))
if (!built && process.env.CI) throw new Error('CI=true but the apps are not built: run "pnpm build" first.')

/** The launcher is what every page of the host site pays for. */
const WIDGET_BUDGET = 3 * 1024
/**
 * The chat page's first load for a first-time visitor (the shell and the start form). The issue's target
 * is 30 KB; this is where it stands (README "Performance"), and it may only go down.
 */
const CHAT_FIRST_LOAD_CEILING = 44 * 1024

const gzipped = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length

/** The JavaScript a first visit to /chat runs: the entry, its static imports, the start page's chunks. */
function chatFirstLoad(): Array<{ name: string; bytes: number }> {
  const assets = path.join(dist('chat'), 'assets')
  const html = readFileSync(path.join(dist('chat'), 'index.html'), 'utf8')
  const entry = /src="\/chat\/assets\/([^"]+\.js)"/.exec(html)?.[1]
  if (!entry) throw new Error('no entry script in the chat page')
  const seen = new Set<string>()
  const visit = (name: string) => {
    if (seen.has(name)) return
    seen.add(name)
    const code = readFileSync(path.join(assets, name), 'utf8')
    for (const [, imported] of code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) visit(imported!)
  }
  visit(entry)
  // The pages a first-time visitor lands on, loaded by the router at once.
  for (const page of ['ChatHome-', 'ConversationStartForm-']) {
    const chunk = readdirSync(assets).find((name) => name.startsWith(page) && name.endsWith('.js'))
    if (chunk) visit(chunk)
  }
  return [...seen].map((name) => ({ name, bytes: gzipped(path.join(assets, name)) }))
}

describe.skipIf(!built)('bundle budgets', () => {
  it(`widget.js stays within ${WIDGET_BUDGET} bytes gzipped`, () => {
    const bytes = gzipped(path.join(dist('widget'), 'widget.js'))
    console.log(`widget.js: ${bytes} bytes gzipped (budget ${WIDGET_BUDGET})`)
    expect(bytes).toBeLessThanOrEqual(WIDGET_BUDGET)
  })

  it('the chat page’s first load does not grow', () => {
    const chunks = chatFirstLoad()
    const total = chunks.reduce((sum, chunk) => sum + chunk.bytes, 0)
    console.log(
      `chat first load: ${total} bytes gzipped (target 30720, ceiling ${CHAT_FIRST_LOAD_CEILING}): ${chunks
        .map((chunk) => `${chunk.name} ${chunk.bytes}`)
        .join(', ')}`,
    )
    expect(total).toBeLessThanOrEqual(CHAT_FIRST_LOAD_CEILING)
  })
})
