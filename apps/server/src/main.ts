import { execFileSync } from 'node:child_process'
import { loadConfig } from './config.ts'
import { startServer } from './server.ts'

async function main() {
  const config = loadConfig()
  const server = await startServer(config)
  console.log(`Parley is running at ${server.url}  (customer chat: ${server.url}/chat)`)
  if (config.demoData) {
    console.log(
      `Demo data: sign in as ${config.admin?.email ?? 'admin@example.com'}, or sam@example.com (support) / ` +
        'paula@example.com (no support flag) with the password "parley-demo".',
    )
  }
  if (server.setupUrl) {
    console.log(
      `\nNo admin exists yet. Create the first one by opening:\n  ${server.setupUrl}\n` +
        'or start with ADMIN_EMAIL=… ADMIN_PASSWORD=… set.\n',
    )
  }
  const stop = async (signal: string) => {
    console.log(`${signal}: shutting down…`)
    await server.close()
    process.exit(0)
  }
  process.once('SIGTERM', () => void stop('SIGTERM'))
  process.once('SIGINT', () => void stop('SIGINT'))
  watchLaunchers(() => void stop('launcher exited'))
}

/**
 * `npx pnpm start` puts several launchers (npx, sh, pnpm) above the server, and not every one passes a
 * SIGTERM on: killing the started command's PID would leave the server holding the port. The launchers
 * of this command share the server's process group, so once one of them has gone (or the server was
 * re-parented), nobody is left to stop it: stop as on SIGTERM.
 */
function watchLaunchers(onGone: () => void) {
  const parent = process.ppid
  const launchers = launchersOf(process.pid)
  const timer = setInterval(() => {
    if (process.ppid !== parent || !launchers.every(isAlive)) {
      clearInterval(timer)
      onGone()
    }
  }, 500)
  timer.unref()
}

/** The ancestors in this process's group (not the shell or service manager that started the group). */
function launchersOf(pid: number): number[] {
  const launchers: number[] = []
  try {
    // One `ps` per process on the way up: its parent and group.
    let info = processInfo(pid)
    const group = info.pgid
    while (info.ppid > 1) {
      const parent = info.ppid
      info = processInfo(parent)
      if (info.pgid !== group) break
      launchers.push(parent)
    }
  } catch {
    // No `ps` (Windows): the re-parenting check alone remains.
  }
  return launchers
}

function processInfo(pid: number): { ppid: number; pgid: number } {
  const [ppid, pgid] = execFileSync('ps', ['-o', 'ppid=,pgid=', '-p', String(pid)], { encoding: 'utf8' })
    .trim()
    .split(/\s+/)
    .map(Number)
  if (ppid === undefined || pgid === undefined || Number.isNaN(ppid)) throw new Error(`no process ${pid}`)
  return { ppid, pgid }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
