import { existsSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { fileURLToPath } from 'node:url'
import sirv from 'sirv'

type Handler = (req: IncomingMessage, res: ServerResponse) => void

const distOf = (app: 'agent' | 'chat') => fileURLToPath(new URL(`../../${app}/dist`, import.meta.url))

/** Hashed build assets never change; the HTML shell must be revalidated so a deploy shows at once. */
function serveApp(app: 'agent' | 'chat'): Handler {
  const dir = distOf(app)
  if (!existsSync(dir)) {
    return (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      res.end(`The ${app} app is not built yet: run "pnpm build" (or "pnpm start", which builds).`)
    }
  }
  const serve = sirv(dir, {
    single: true,
    etag: true,
    setHeaders(res, pathname) {
      res.setHeader(
        'cache-control',
        pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      )
    },
  })
  return (req, res) =>
    serve(req, res, () => {
      res.writeHead(404)
      res.end()
    })
}

/** `/chat/…` is the customer chat page, everything else the agent inbox (both single-page apps). */
export function staticApps(): Handler {
  const agent = serveApp('agent')
  const chat = serveApp('chat')
  return (req, res) => {
    const url = req.url ?? '/'
    if (url === '/chat' || url.startsWith('/chat/') || url.startsWith('/chat?')) {
      req.url = url.slice('/chat'.length) || '/'
      chat(req, res)
      return
    }
    agent(req, res)
  }
}
