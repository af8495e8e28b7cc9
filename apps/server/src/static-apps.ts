import { existsSync, readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { fileURLToPath } from 'node:url'
import sirv from 'sirv'
import { type AppName, isAppRoute } from './app-routes.ts'

type Handler = (req: IncomingMessage, res: ServerResponse) => void

const distOf = (app: AppName) => fileURLToPath(new URL(`../../${app}/dist`, import.meta.url))

/** Where each app's "back" link leads from its 404 page. */
const homeOf: Record<AppName, { href: string; label: string }> = {
  agent: { href: '/', label: 'Back to the inbox' },
  chat: { href: '/chat', label: 'Back to the chat' },
}

function notFound(app: AppName, res: ServerResponse) {
  const home = homeOf[app]
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' })
  res.end(
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
      '<meta name="viewport" content="width=device-width, initial-scale=1">' +
      '<title>Page not found · Parley</title></head><body><main>' +
      '<h1>Page not found</h1><p>There is no page at this address.</p>' +
      `<p><a href="${home.href}">${home.label}</a></p></main></body></html>`,
  )
}

/** Hashed build assets never change; the HTML shell must be revalidated so a deploy shows at once. */
function serveApp(app: AppName): Handler {
  const dir = distOf(app)
  if (!existsSync(dir)) {
    return (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      res.end(`The ${app} app is not built yet: run "pnpm build" (or "pnpm start", which builds).`)
    }
  }
  const serve = sirv(dir, {
    etag: true,
    // The build wrote .br and .gz beside each text file (tooling/precompress): sent as the browser accepts.
    brotli: true,
    gzip: true,
    setHeaders(res, pathname) {
      res.setHeader(
        'cache-control',
        pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      )
    },
  })
  return (req, res) =>
    serve(req, res, () => {
      // Not a file: the shell for the app's own pages, a 404 for everything else.
      const [pathname = '/'] = (req.url ?? '/').split('?')
      if (!isAppRoute(app, pathname)) {
        notFound(app, res)
        return
      }
      req.url = '/'
      serve(req, res, () => notFound(app, res))
    })
}

export const WIDGET_PATH = '/widget.js'

/**
 * The website widget's script (apps/widget), loaded by other sites' pages: cached briefly, so a new
 * version reaches every site within minutes, and readable across origins.
 */
export function widgetScript(): Handler {
  const file = fileURLToPath(new URL('../../widget/dist/widget.js', import.meta.url))
  // The plain script and the build's precompressed copies (tooling/precompress), read once.
  let bodies: { identity: Buffer; br: Buffer | null; gzip: Buffer | null } | null = null
  const read = (name: string) => (existsSync(name) ? readFileSync(name) : null)
  return (req, res) => {
    if (!bodies && existsSync(file))
      bodies = { identity: readFileSync(file), br: read(`${file}.br`), gzip: read(`${file}.gz`) }
    if (!bodies) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('The widget is not built yet: run "pnpm build" (or "pnpm start", which builds).')
      return
    }
    const accepted = String(req.headers['accept-encoding'] ?? '')
    const encoding =
      bodies.br && /\bbr\b/.test(accepted) ? 'br' : bodies.gzip && /\bgzip\b/.test(accepted) ? 'gzip' : null
    res.writeHead(200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'cross-origin-resource-policy': 'cross-origin',
      vary: 'Accept-Encoding',
      ...(encoding ? { 'content-encoding': encoding } : {}),
    })
    res.end(encoding ? bodies[encoding] : bodies.identity)
  }
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
