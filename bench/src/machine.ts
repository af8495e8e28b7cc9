import { readFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'

interface CpuTimes {
  busy: number
  total: number
}

/** Aggregate CPU jiffies from /proc/stat; null off Linux. */
function readCpuTimes(): CpuTimes | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
    const fields = line.trim().split(/\s+/).slice(1).map(Number)
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
    const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0)
    return { busy: total - idle, total }
  } catch {
    return null
  }
}

export interface MachineUsage {
  cores: number
  /** Cores busy machine-wide during the phase, whoever used them. */
  busyCores: number | null
  loadAverage1m: number
}

/**
 * The machine is shared: other processes competing for the two cores inflate latency as surely as a
 * slow server does, so every phase records how busy the whole machine was.
 */
export function machineMeter(): () => MachineUsage {
  const start = readCpuTimes()
  return () => {
    const end = readCpuTimes()
    const cores = availableParallelism()
    const busyCores =
      start && end && end.total > start.total
        ? Math.round(((end.busy - start.busy) / (end.total - start.total)) * cores * 100) / 100
        : null
    return { cores, busyCores, loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100 }
  }
}
