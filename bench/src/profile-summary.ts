/**
 * Summarises a `.cpuprofile` (e.g. from `pnpm bench -- --server-cpu-prof DIR`, or `node --cpu-prof`):
 * self time by package, the hottest functions, and inclusive time of Parley's own functions, so
 * "where does the time go" has an answer in numbers.
 *
 *   pnpm --filter @parley/bench profile:summary DIR/server-fixed-1000.cpuprofile
 */
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)'
  if (url.startsWith('node:')) return 'node internals'
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pnpm?.[1]) return pnpm[1]
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (modules?.[1]) return modules[1]
  const workspace = /\/(apps|packages)\/([^/]+)\//.exec(url)
  if (workspace) return `@parley/${workspace[2]}`
  return url
}

function shortLocation(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame
  const file = url
    .replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/^.*\/work\/[^/]+\//, '')
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`
}

const table = (rows: Array<[string, number]>, totalMs: number, limit: number) =>
  rows
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(
      ([name, ms]) =>
        `${((ms / totalMs) * 100).toFixed(1).padStart(6)}%  ${ms.toFixed(0).padStart(7)} ms  ${name}`,
    )
    .join('\n')

export function summarise(file: string, limits = { packages: 25, functions: 30, parley: 30 }): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)

  const selfMs = new Map<number, number>()
  profile.samples.forEach((id, index) => {
    const delta = (profile.timeDeltas[index + 1] ?? profile.timeDeltas[index] ?? 0) / 1000
    selfMs.set(id, (selfMs.get(id) ?? 0) + delta)
  })
  const totalMs = [...selfMs.values()].reduce((sum, ms) => sum + ms, 0)
  const idleMs = [...selfMs].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
  const busyMs = totalMs - idleMs.reduce((sum, [, ms]) => sum + ms, 0)

  const packages = new Map<string, number>()
  const functions = new Map<string, number>()
  const inclusive = new Map<string, number>()
  for (const [id, ms] of selfMs) {
    const node = byId.get(id)!
    if (node.callFrame.functionName === '(idle)') continue
    const pkg = packageOf(node.callFrame.url, node.callFrame.functionName)
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms)
    const name = shortLocation(node)
    functions.set(name, (functions.get(name) ?? 0) + ms)
    // Inclusive time of Parley's own frames: every distinct Parley function on this sample's stack.
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!
      if (!/\/(apps|packages)\//.test(frame.callFrame.url) || frame.callFrame.url.includes('node_modules'))
        continue
      const label = shortLocation(frame)
      if (seen.has(label)) continue
      seen.add(label)
      inclusive.set(label, (inclusive.get(label) ?? 0) + ms)
    }
  }

  const wallMs = (profile.endTime - profile.startTime) / 1000
  return [
    `${file}\nwall ${wallMs.toFixed(0)} ms, JS thread not idle ${busyMs.toFixed(0)} ms\n`,
    `Self time by package (share of non-idle time):\n${table([...packages], busyMs, limits.packages)}\n`,
    `Hottest functions (self):\n${table([...functions], busyMs, limits.functions)}\n`,
    `Parley functions (inclusive, synchronous part only):\n${table([...inclusive], busyMs, limits.parley)}\n`,
  ].join('\n')
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const files = process.argv.slice(2).filter((arg) => arg !== '--')
  if (files.length === 0) {
    console.error('usage: profile-summary <file.cpuprofile>…')
    process.exit(1)
  }
  for (const file of files) console.log(summarise(file))
}
