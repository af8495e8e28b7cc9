import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import type { ProbeReading } from './server-probe.ts'

/** How busy one server process was between two `sample()` calls. */
export interface ProcessSample {
  /** CPU time of the whole process (main thread + GC/libuv threads) per wall second; can exceed 1. */
  cpuCores: number
  /** CPU time the process used in the window. */
  cpuMs: number
  /** Share of wall time the event loop was busy (1 = the single JS thread saturated); null if the probe did not answer. */
  eventLoopUtilization: number | null
  loopDelayMs: ProbeReading['loopDelayMs'] | null
  rssMb: number | null
  heapUsedMb: number | null
}

/**
 * How busy the server was: with several instances, CPU, memory and `cpuMs` are their sums and the
 * event-loop figures the busiest instance's (null if any instance did not answer); `instances` holds
 * each one's own figures, in instance order.
 */
export interface ServerSample extends ProcessSample {
  instances: ProcessSample[]
}

export interface ServerHandle {
  /** Instance 0, through which the admin and the agents' sessions are set up. */
  url: string
  /** Every instance's URL in instance order (one for a single server). */
  urls: string[]
  /** Null when the server is not our child. */
  sample(): Promise<ServerSample | null>
  /** CPU-profiles the server until `stopProfile` writes the `.cpuprofile`; no-ops for an external server. */
  startProfile(): Promise<void>
  /** Writes `file`, or one `<file>-instance-<i>.cpuprofile` per instance when there are several; returns the files. */
  stopProfile(file: string): Promise<string[]>
  stop(): Promise<void>
}

/** One server child process. */
interface ServerChild {
  url: string
  sample(): Promise<ProcessSample | null>
  startProfile(): Promise<void>
  stopProfile(file: string): Promise<void>
  stop(): Promise<void>
}

/** A saturated server answers the probe late; past this the sample goes without event-loop figures. */
const PROBE_TIMEOUT_MS = 2_000
/** USER_HZ: the unit of /proc/<pid>/stat CPU times on Linux. */
const CLOCK_TICKS_PER_S = 100

const READY = /Parley is running at (\S+)/
const require = createRequire(import.meta.url)

/**
 * The server runs as its own process (`tsx apps/server/src/main.ts`), not inside the bench: on two
 * cores the load generator and the server must not share one event loop, or every figure would
 * include the generator's own work.
 */
async function startServerProcess(options: {
  /** Only the first instance creates the admin; the others find it in the shared database. */
  admin: { email: string; password: string } | null
  /** PostgreSQL; without it SQLite in a fresh DATA_DIR. */
  databaseUrl: string | null
  redisUrl: string | null
  /** Prefix of the child's stderr lines. */
  label: string
}): Promise<ServerChild> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-bench-'))
  const serverDir = path.dirname(path.dirname(require.resolve('@parley/server')))
  const nodeArgs = [
    '--import',
    pathToFileURL(require.resolve('tsx')).href,
    '--import',
    pathToFileURL(path.join(import.meta.dirname, 'server-probe.ts')).href,
    path.join(serverDir, 'src', 'main.ts'),
  ]
  const child = spawn(process.execPath, nodeArgs, {
    cwd: serverDir,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: options.databaseUrl ?? '',
      REDIS_URL: options.redisUrl ?? '',
      // The bench's customers come from one machine; each says where it "is" in X-Forwarded-For, as
      // visitors behind a proxy would, so the limit on new customers per address sees 1,000 addresses.
      TRUST_PROXY: '1',
      PUBLIC_URL: '',
      ADMIN_EMAIL: options.admin?.email ?? '',
      ADMIN_PASSWORD: options.admin?.password ?? '',
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${options.label}] ${chunk}`))

  const url = await new Promise<string>((resolve, reject) => {
    let seen = ''
    child.once('error', reject)
    const onData = (chunk: Buffer) => {
      seen += chunk.toString()
      const match = READY.exec(seen)
      if (match?.[1]) {
        child.stdout?.off('data', onData)
        child.stdout?.resume()
        resolve(match[1])
      }
    }
    child.stdout?.on('data', onData)
    child.once('exit', (code) =>
      reject(new Error(`${options.label} exited with ${code} before it was ready:\n${seen}`)),
    )
  }).catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  })

  let nextCommand = 0
  const command = (type: string, extra: object = {}) =>
    new Promise<void>((resolve, reject) => {
      const id = `command-${++nextCommand}`
      const onMessage = (message: unknown) => {
        const reply = message as { type?: string; id?: string }
        if (reply.type !== type || reply.id !== id) return
        child.off('message', onMessage)
        resolve()
      }
      child.on('message', onMessage)
      child.send({ type, id, ...extra }, (error) => error && reject(error))
    })

  return {
    url,
    sample: sampler(child),
    startProfile: () => command('probe:profile-start'),
    stopProfile: (file) => command('probe:profile-stop', { file: path.resolve(file) }),
    async stop() {
      // Both null while it runs (a child killed by a signal has no exit code, and has exited already).
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        // main.ts closes sockets and the database on SIGTERM; give it time before forcing.
        const forced = setTimeout(() => child.kill('SIGKILL'), 15_000)
        await exited
        clearTimeout(forced)
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Process CPU time in ms from /proc; null off Linux. */
function cpuMsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // After the command name: state is field 3, utime 14 and stime 15 of the full line.
    return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S) * 1000
  } catch {
    return null
  }
}

/**
 * Starts `instances` server children on one database, one after another: the first migrates the
 * database and creates the admin before the next one starts. With more than one, `redisUrl` joins them.
 */
export async function startServers(options: {
  instances: number
  adminEmail: string
  adminPassword: string
  databaseUrl: string | null
  redisUrl: string | null
}): Promise<ServerHandle> {
  const children: ServerChild[] = []
  const stopAll = () => Promise.all(children.map((child) => child.stop())).then(() => {})
  try {
    for (let index = 0; index < options.instances; index++) {
      children.push(
        await startServerProcess({
          admin: index === 0 ? { email: options.adminEmail, password: options.adminPassword } : null,
          databaseUrl: options.databaseUrl,
          redisUrl: options.redisUrl,
          label: options.instances > 1 ? `server ${index}` : 'server',
        }),
      )
    }
  } catch (error) {
    await stopAll()
    throw error
  }
  return {
    url: children[0]!.url,
    urls: children.map((child) => child.url),
    async sample() {
      const samples = await Promise.all(children.map((child) => child.sample()))
      return combine(samples)
    },
    async startProfile() {
      await Promise.all(children.map((child) => child.startProfile()))
    },
    async stopProfile(file) {
      const files =
        children.length === 1
          ? [file]
          : children.map((_, index) => file.replace(/(\.cpuprofile)?$/, `-instance-${index}.cpuprofile`))
      await Promise.all(children.map((child, index) => child.stopProfile(files[index]!)))
      return files
    },
    stop: stopAll,
  }
}

/** Sums of the instances' CPU and memory, their busiest event loop; null unless every instance was measured. */
function combine(samples: Array<ProcessSample | null>): ServerSample | null {
  if (samples.length === 0 || samples.some((sample) => sample === null)) return null
  const all = samples as ProcessSample[]
  const sum = (values: Array<number | null>) =>
    values.some((value) => value === null)
      ? null
      : Math.round(values.reduce<number>((total, value) => total + value!, 0) * 100) / 100
  const busiest = (values: Array<number | null>) =>
    values.some((value) => value === null) ? null : Math.max(...(values as number[]))
  const delays = all.map((sample) => sample.loopDelayMs)
  return {
    cpuCores: sum(all.map((sample) => sample.cpuCores)) ?? 0,
    cpuMs: sum(all.map((sample) => sample.cpuMs)) ?? 0,
    eventLoopUtilization: busiest(all.map((sample) => sample.eventLoopUtilization)),
    loopDelayMs: delays.some((delay) => delay === null)
      ? null
      : {
          p50: Math.max(...delays.map((delay) => delay!.p50)),
          p99: Math.max(...delays.map((delay) => delay!.p99)),
          max: Math.max(...delays.map((delay) => delay!.max)),
        },
    rssMb: sum(all.map((sample) => sample.rssMb)),
    heapUsedMb: sum(all.map((sample) => sample.heapUsedMb)),
    instances: all,
  }
}

function sampler(child: ChildProcess) {
  let nextId = 0
  let lastAt = performance.now()
  let lastCpuMs = cpuMsOf(child.pid) ?? 0
  let lastLoop: ProbeReading['eventLoop'] | null = null

  const ask = () =>
    new Promise<ProbeReading | null>((resolve) => {
      if (!child.connected) return resolve(null)
      const id = ++nextId
      const onMessage = (message: unknown) => {
        const reply = message as { type?: string; id?: number; reading?: ProbeReading }
        if (reply.type !== 'probe:sample' || reply.id !== id || !reply.reading) return
        clearTimeout(timeout)
        child.off('message', onMessage)
        resolve(reply.reading)
      }
      const timeout = setTimeout(() => {
        child.off('message', onMessage)
        resolve(null)
      }, PROBE_TIMEOUT_MS)
      child.on('message', onMessage)
      child.send({ type: 'probe:sample', id })
    })

  return async (): Promise<ProcessSample | null> => {
    const cpuMs = cpuMsOf(child.pid)
    const at = performance.now()
    const reading = await ask()
    if (cpuMs === null) return null
    const usedMs = cpuMs - lastCpuMs
    const cpuCores = Math.round((usedMs / (at - lastAt)) * 100) / 100
    lastCpuMs = cpuMs
    lastAt = at
    let eventLoopUtilization: number | null = null
    if (reading && lastLoop) {
      const active = reading.eventLoop.activeMs - lastLoop.activeMs
      const total = active + reading.eventLoop.idleMs - lastLoop.idleMs
      eventLoopUtilization = total > 0 ? Math.round((active / total) * 100) / 100 : null
    }
    if (reading) lastLoop = reading.eventLoop
    return {
      cpuCores,
      cpuMs: Math.round(usedMs),
      eventLoopUtilization,
      loopDelayMs: reading?.loopDelayMs ?? null,
      rssMb: reading?.rssMb ?? null,
      heapUsedMb: reading?.heapUsedMb ?? null,
    }
  }
}

/** A server someone else started: nothing to sample, nothing to stop. */
export function externalServer(url: string): ServerHandle {
  const base = url.replace(/\/$/, '')
  return {
    url: base,
    urls: [base],
    sample: async () => null,
    async startProfile() {},
    stopProfile: async () => [],
    async stop() {},
  }
}
