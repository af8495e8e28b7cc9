import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { loadConfig, type RunningServer, startServer } from '@parley/server'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

/**
 * axe-core's WCAG 2.1 A and AA findings on the page as it is now (with any open dialog), each with the
 * rule, what it means and the elements, so a failure says what to fix.
 */
export async function violationsOn(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  return violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
        .map((node) => `${node.target.join(' ')} (${node.failureSummary?.replace(/\s+/g, ' ')})`)
        .join(', ')}`,
  )
}

export const CHROMIUM = '/usr/bin/chromium'

/**
 * How long a live update may take to show. "Within a second" is the product promise; the wait is
 * generous only for a loaded CI machine.
 */
export const LIVE = { timeout: 5_000 }
export const ADMIN = { email: 'admin@example.com', password: 'correct-horse-battery' }

/**
 * Browser tests need Debian's Chromium. Without it they are skipped on a developer machine, but under
 * CI a missing browser must fail the run rather than pass it silently.
 */
export const browserAvailable = existsSync(CHROMIUM)
if (!browserAvailable && process.env.CI) {
  throw new Error(`CI=true but ${CHROMIUM} is missing: install Debian's chromium package.`)
}

export interface World {
  server: RunningServer
  browser: Browser
  dataDir: string
  close(): Promise<void>
}

/** Chromium's fake microphone and camera, allowed without asking, and media that may play unprompted. */
export const FAKE_MEDIA = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
]

export async function startWorld(
  env: Record<string, string> = {},
  options: { browserArgs?: string[] } = {},
): Promise<World> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-e2e-'))
  const server = await startServer(
    loadConfig({
      PORT: '0',
      DATA_DIR: dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ...env,
    }),
  )
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(options.browserArgs ?? []),
    ],
  })
  return {
    server,
    browser,
    dataDir,
    async close() {
      await browser.close()
      await server.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export async function newPage(
  world: World,
  locale = 'en-US',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await world.browser.newContext({ locale, viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  return { context, page }
}

/** Every text frame the page's WebSockets receive: what a customer's browser actually got. */
export function recordWebSocketFrames(page: Page): string[] {
  const frames: string[] = []
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => {
      frames.push(typeof payload === 'string' ? payload : payload.toString('utf8'))
    })
  })
  return frames
}

export async function signInAgent(page: Page, world: World, credentials = ADMIN) {
  await page.goto(`${world.server.url}/login`)
  await page.getByLabel('Email').fill(credentials.email)
  await page.getByLabel('Password').fill(credentials.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('navigation').waitFor()
}

/** The same, through the German sign-in page: a German agent's first steps. */
export async function signInGermanAgent(world: World, credentials = ADMIN): Promise<Page> {
  const { page } = await newPage(world, 'de-DE')
  await page.goto(`${world.server.url}/login`)
  await page.getByLabel('E-Mail').fill(credentials.email)
  await page.getByLabel('Passwort').fill(credentials.password)
  await page.getByRole('button', { name: 'Anmelden' }).click()
  await page.getByRole('navigation').waitFor()
  return page
}

/** The admin (on any page) invites an agent in Settings; the agent sets a password and is signed in. */
export async function inviteAgent(
  admin: Page,
  world: World,
  name: string,
  email: string,
  options: { support: boolean },
): Promise<Page> {
  await admin.getByRole('link', { name: 'Settings' }).click()
  const form = admin.getByRole('form', { name: 'Invite an agent' })
  await form.getByRole('textbox', { name: 'Name' }).fill(name)
  await form.getByRole('textbox', { name: 'Email' }).fill(email)
  await form.getByRole('checkbox', { name: 'Answers customers' }).setChecked(options.support)
  await admin.getByRole('button', { name: 'Invite agent' }).click()
  const inviteUrl = await admin.getByRole('textbox', { name: `Invite link for ${name}` }).inputValue()
  const agent = (await newPage(world)).page
  await agent.goto(inviteUrl)
  await agent.getByLabel('New password', { exact: true }).fill('a password of their own')
  await agent.getByLabel('Repeat the new password').fill('a password of their own')
  await agent.getByRole('button', { name: 'Set password and sign in' }).click()
  await agent.getByRole('navigation').waitFor(LIVE)
  return agent
}

/**
 * The tab goes to the background, as when the agent switches to another one. Headless Chromium keeps
 * every page visible, so the test plays the window system's part: the page's own visibility, and the
 * event browsers send with it.
 */
export async function setTabHidden(page: Page, hidden: boolean) {
  await page.evaluate((hidden) => {
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (hidden ? 'hidden' : 'visible'),
    })
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden })
    document.dispatchEvent(new Event('visibilitychange'))
  }, hidden)
}

export async function startCustomerChat(page: Page, world: World, name: string, message: string) {
  await page.goto(`${world.server.url}/chat`)
  await page.getByLabel('Name').fill(name)
  await page.getByRole('textbox', { name: 'Message' }).fill(message)
  await page.getByRole('button', { name: 'Start chat' }).click()
}
