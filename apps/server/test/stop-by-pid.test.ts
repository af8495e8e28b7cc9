import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { type AddressInfo, connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig, startServer } from '../src/index.ts'
import { createClient } from './clients.ts'

// A process manager or a script stops Parley by sending SIGTERM to the command it started: the README's
// `npx -y pnpm@… start`, with package-manager launchers between it and the server. The server must stop
// with it, after finishing what it acknowledged.

const root = fileURLToPath(new URL('../../..', import.meta.url))
const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-stop-'))
const admin = { ADMIN_EMAIL: 'anna@example.com', ADMIN_PASSWORD: 'correct horse battery' }
let started: ChildProcess | undefined

afterAll(() => {
  // Whatever is left of the started command's process group, so a failing run leaks nothing.
  if (started?.pid) {
    try {
      process.kill(-started.pid, 'SIGKILL')
    } catch {}
  }
  rmSync(dataDir, { recursive: true, force: true })
})

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })

async function until(condition: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('stopping `pnpm start` by its PID', () => {
  it('frees the port within seconds and keeps every message it acknowledged', async () => {
    const port = await freePort()
    // Its own process group, as a shell's job or a service gets, so the cleanup above finds every launcher.
    started = spawn('npx', ['-y', 'pnpm@10.34.8', 'start'], {
      cwd: root,
      detached: true,
      stdio: 'ignore',
      env: {
        ...process.env,
        PORT: String(port),
        INBOUND_SMTP_PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        ...admin,
      },
    })
    const pid = started.pid
    if (!pid) throw new Error('npx did not start')
    // The first start builds the apps (turbo caches it afterwards).
    await until(() => answers(port), 240_000, 'the server did not answer')

    const url = `http://127.0.0.1:${port}`
    const visitor = createClient(url)
    const { token } = await visitor.trpc.customer.start.mutate({ name: 'Rita' })
    const customer = createClient(url, { visitorToken: token })
    const { conversation } = await customer.trpc.customer.startConversation.mutate({
      clientId: crypto.randomUUID(),
      body: 'first',
    })
    const acknowledged = ['first']
    // Sends in flight while the signal arrives: each is either acknowledged and stored, or refused.
    const sends: Promise<unknown>[] = []
    for (let i = 0; i < 15; i++) {
      const body = `message ${i}`
      sends.push(
        customer.trpc.customer.send
          .mutate({ conversationId: conversation.id, clientId: crypto.randomUUID(), body })
          .then(
            () => acknowledged.push(body),
            () => {},
          ),
      )
      if (i === 10) process.kill(pid, 'SIGTERM')
      await new Promise((resolve) => setTimeout(resolve, 40))
    }
    await Promise.all(sends)
    await until(async () => !(await answers(port)), 5_000, 'the port was still taken')
    await Promise.allSettled([visitor.close(), customer.close()])
    expect(acknowledged.length).toBeGreaterThan(5)

    const restarted = await startServer(loadConfig({ PORT: '0', DATA_DIR: dataDir, ...admin }))
    try {
      const reader = createClient(restarted.url, { visitorToken: token })
      const { messages } = await reader.trpc.customer.conversation.query({ id: conversation.id })
      await reader.close()
      const stored = messages.map((message) => message.body)
      expect(stored).toEqual(expect.arrayContaining(acknowledged))
    } finally {
      await restarted.close()
    }
  }, 300_000)
})
