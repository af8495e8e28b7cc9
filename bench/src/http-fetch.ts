import { Agent, type IncomingHttpHeaders, request } from 'node:http'

/** The server closes idle keep-alive sockets after 5 s (Node's default); ours must let go first. */
const IDLE_SOCKET_MS = 4_000

/**
 * One pool for every simulated customer. Keep-alive so a send does not pay a TCP handshake, no cap on
 * sockets so a slow server shows up as server latency rather than as requests queued in the
 * generator, and a free-socket pool as large as the client count so idle sockets are kept, not
 * closed and reopened (Node keeps only 256 by default). Idle sockets are dropped before the server
 * would drop them, so a request never races a closing socket (ECONNRESET).
 */
export function createHttpAgent(clients: number): Agent {
  return new Agent({
    keepAlive: true,
    maxSockets: Number.POSITIVE_INFINITY,
    maxFreeSockets: clients + 64,
    timeout: IDLE_SOCKET_MS,
  })
}

export interface HttpResult {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

export function httpRequest(
  agent: Agent,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal | null },
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { agent, method: init.method ?? 'GET', headers: init.headers, signal: init.signal ?? undefined },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(init.body)
  })
}

/** The subset of `fetch` that tRPC's httpBatchLink uses, over the shared keep-alive pool. */
export function keepAliveFetch(agent: Agent) {
  return async (
    input: string | URL | { url: string },
    init?: { method?: string; headers?: unknown; body?: unknown; signal?: AbortSignal | null },
  ) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const result = await httpRequest(agent, url, {
      method: init?.method,
      headers: plainHeaders(init?.headers),
      body: typeof init?.body === 'string' ? init.body : undefined,
      signal: init?.signal,
    })
    return {
      ok: result.status >= 200 && result.status < 300,
      status: result.status,
      json: async (): Promise<unknown> => JSON.parse(result.body),
    }
  }
}

function plainHeaders(headers: unknown): Record<string, string> {
  if (!headers) return {}
  if (Array.isArray(headers)) return Object.fromEntries(headers as [string, string][])
  return headers as Record<string, string>
}
