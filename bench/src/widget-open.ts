/**
 * Issue 10, part 8: how long a visitor waits from a click on the widget's launcher to a chat they can
 * type into, in a real Chromium, against a real server, the widget on a page of another origin. Prints
 * figures (no assertion): a first visit (nothing cached, the chat loaded by the click) and a returning
 * one (the chat loaded behind the launcher before the click), and what the first open transferred.
 *
 *   pnpm --filter @parley/bench widget-open [-- --runs 10]
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Organisation } from '@parley/db'
import { loadConfig, startServer } from '@parley/server'
import { chromium } from 'playwright-core'
import { percentiles } from './stats.ts'

const CHROMIUM = '/usr/bin/chromium'
const runsArg = process.argv.indexOf('--runs')
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 10

if (!existsSync(CHROMIUM)) {
  console.log(`widget-open: no Chromium at ${CHROMIUM}; nothing measured.`)
  process.exit(0)
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-widget-bench-'))
const server = await startServer(loadConfig({ PORT: '0', DATA_DIR: dataDir }))
const shop = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Shop</h1><script src="${server.url}/widget.js" async></script></body></html>`)
})
await new Promise<void>((resolve) => shop.listen(0, 'localhost', resolve))
const shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`
const em = server.deps.orm.em.fork()
const [existing] = await em.find(Organisation, {}, { limit: 1 })
const organisation =
  existing ?? em.create(Organisation, { name: 'Shop', videoEnabled: false, helpdeskOn: true })
organisation.widgetSites = [shopUrl]
await em.flush()

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
})

const first: number[] = []
const returning: number[] = []
let transferred = 0
try {
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext()
    const page = await context.newPage()
    let bytes = 0
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/chat')) {
        void response.body().then(
          (body) => {
            bytes += body.length
          },
          () => undefined,
        )
      }
    })
    await page.goto(shopUrl)
    const launcher = page.getByRole('button', { name: /^Open chat/ })
    const composer = page.frameLocator('iframe[title="Chat"]').getByRole('textbox', { name: 'Message' })
    await launcher.waitFor()
    let started = performance.now()
    await launcher.click()
    await composer.waitFor()
    first.push(performance.now() - started)
    if (run === 0) transferred = bytes

    // Become a returning visitor (a conversation, the chat remembered), then come back.
    await composer.fill('Hello')
    await page.frameLocator('iframe[title="Chat"]').getByRole('button', { name: 'Start chat' }).click()
    await page.frameLocator('iframe[title="Chat"]').getByRole('list', { name: 'Messages' }).waitFor()
    await page.reload()
    await page.waitForSelector('iframe[title="Chat"]', { state: 'attached' })
    await page.waitForLoadState('networkidle')
    started = performance.now()
    await page.getByRole('button', { name: /^Open chat/ }).click()
    await composer.waitFor()
    returning.push(performance.now() - started)
    await context.close()
  }
} finally {
  await browser.close()
  shop.close()
  await server.close()
  rmSync(dataDir, { recursive: true, force: true })
}

const line = (name: string, samples: number[]) => {
  const { p50, p95, max } = percentiles(samples)
  console.log(`${name.padEnd(34)} p50 ${p50} ms · p95 ${p95} ms · max ${max} ms (${samples.length} runs)`)
}
console.log('Click on the launcher → a composer to type in (local server, headless Chromium):')
line('first visit (chat loads on click)', first)
line('returning (chat loaded early)', returning)
console.log(`the chat's first open transferred ${(transferred / 1024).toFixed(1)} KiB (uncompressed)`)
