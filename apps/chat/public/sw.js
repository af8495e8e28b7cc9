// The chat's service worker (issue 10, part 6): shows a reply pushed while the customer was away, and
// a click on it opens that conversation (in a chat tab already open, if there is one). It caches
// nothing: the chat is always the server's current one.

self.addEventListener('push', (event) => {
  let data = {}
  try {
    data = event.data ? event.data.json() : {}
  } catch {}
  event.waitUntil(
    self.registration.showNotification(data.title || 'Parley', {
      body: data.body || '',
      // One notification per conversation: a newer reply replaces the older one.
      tag: data.path || 'parley',
      data: { url: data.url || self.registration.scope },
    }),
  )
})

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const url = new URL(event.notification.data?.url || self.registration.scope, self.location.origin)
  // Only the chat's own pages: a pushed payload does not choose where the browser goes.
  const target = url.origin === self.location.origin ? url.href : self.registration.scope
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => client.url.startsWith(self.registration.scope))
      if (open) return open.navigate(target).then((client) => client?.focus())
      return self.clients.openWindow(target)
    }),
  )
})
