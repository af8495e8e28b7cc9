/**
 * The transport's share of a send: the server's CPU per call for `auth.me` without a session, which
 * touches no database, over HTTP (one request per call, as the chat app's httpBatchLink does for
 * sparse sends) and over one WebSocket per client. What a send costs beyond this is the procedure.
 *
 *   pnpm --filter @parley/bench transport-floor [-- --calls 20000 --clients 200]
 */
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { createClient, inParallel } from './clients.ts'
import { createHttpAgent } from './http-fetch.ts'
import type { Transport } from './options.ts'
import { startServers } from './server-process.ts'

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    calls: { type: 'string', default: '20000' },
    clients: { type: 'string', default: '200' },
  },
})
const calls = Number(values.calls)
const clientCount = Number(values.clients)

const server = await startServers({
  instances: 1,
  adminEmail: 'bench-admin@example.com',
  adminPassword: 'bench-password-123',
  databaseUrl: null,
  redisUrl: null,
})
const httpAgent = createHttpAgent(clientCount)
try {
  for (const transport of ['http', 'ws'] as Transport[]) {
    const clients = Array.from({ length: clientCount }, () =>
      createClient({ baseUrl: server.url, agent: httpAgent, headers: {}, transport }),
    )
    const run = async (count: number) => {
      let next = 0
      await inParallel(clients, clients.length, async (client) => {
        while (next < count) {
          next++
          await client.api.auth.me.query()
        }
      })
    }
    await run(2000)
    await server.sample()
    const started = performance.now()
    await run(calls)
    const wallMs = performance.now() - started
    const sample = await server.sample()
    console.log(
      JSON.stringify({
        transport,
        calls,
        callsPerS: Math.round(calls / (wallMs / 1000)),
        serverCpuUsPerCall: sample ? Math.round((sample.cpuCores * wallMs * 1000) / calls) : null,
        serverEventLoopUtilization: sample?.eventLoopUtilization,
      }),
    )
    await Promise.all(clients.map((client) => client.ws.close()))
  }
} finally {
  httpAgent.destroy()
  await server.stop()
}
