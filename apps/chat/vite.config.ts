import { precompress } from '@parley/precompress'
import { defineConfig } from 'vite'
import solid from 'vite-plugin-solid'

export default defineConfig({
  plugins: [solid(), precompress()],
  // The server mounts this app at /chat (and the widget embeds that URL in an iframe).
  base: '/chat/',
  build: {
    outDir: 'dist',
    target: 'es2022',
    rollupOptions: {
      // tRPC's client modules only define things: declared so, what the first load does not use (the
      // WebSocket link, loaded with the first live call: lib/live-socket.ts) stays out of it.
      treeshake: { moduleSideEffects: (id) => !/[\\/]@trpc[\\/]client[\\/]/.test(id) },
    },
  },
  server: {
    port: 5174,
    strictPort: true,
    proxy: {
      // Same-origin in development too: the visitor token header and the WebSocket both go through here.
      '/api': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
})
