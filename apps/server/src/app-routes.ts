/**
 * The pages each single-page app routes in the browser, relative to where the app is mounted (`/chat` for
 * the chat app). The server answers these with the app's index.html, so a reload or a shared link opens
 * the page; any other path is a 404 rather than an app shell that only finds out in the browser. The
 * routers are apps/agent/src/App.tsx and apps/chat/src/ChatApp.tsx: a page added there is added here.
 * `:name` stands for one path segment.
 */
export const APP_ROUTES = {
  agent: [
    '/',
    '/login',
    '/setup',
    '/invite',
    '/c/:id',
    '/profile',
    '/settings',
    '/settings/outbox',
    '/trash',
    '/contacts',
    '/tickets',
    '/contacts/:id',
    '/knowledge-base',
    '/knowledge-base/new',
    '/knowledge-base/:id',
    '/text-blocks',
  ],
  chat: ['/', '/new', '/conversations', '/c/:id', '/help', '/help/:slug'],
} as const satisfies Record<string, readonly string[]>

export type AppName = keyof typeof APP_ROUTES

const segmentsOf = (path: string) => path.split('/').filter((segment) => segment !== '')

/** `pathname` without the query; a trailing slash is the same page, as in the apps' router. */
export function isAppRoute(app: AppName, pathname: string): boolean {
  const segments = segmentsOf(pathname)
  return APP_ROUTES[app].some((route) => {
    const pattern = segmentsOf(route)
    return (
      pattern.length === segments.length &&
      pattern.every((part, i) => (part.startsWith(':') ? true : part === segments[i]))
    )
  })
}
