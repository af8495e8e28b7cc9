import { precompress } from '@parley/precompress'
import { defineConfig } from 'vite'
import solid from 'vite-plugin-solid'

export default defineConfig({
  plugins: [solid(), precompress()],
  base: '/',
  build: {
    outDir: 'dist',
    target: 'es2022',
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      // The session cookie and the WebSocket upgrade both go through the proxy, so the dev app stays same-origin.
      '/api': { target: 'http://127.0.0.1:3000', ws: true },
      // The chat page's own dev server, so in development too both apps live on one origin, as in production.
      '/chat': { target: 'http://127.0.0.1:5174', ws: true },
    },
  },
})
