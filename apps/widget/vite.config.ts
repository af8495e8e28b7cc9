import { precompress } from '@parley/precompress'
import { defineConfig } from 'vite'

// One small classic script, `/widget.js`, that any site loads with a <script> tag: no modules, no chunks.
export default defineConfig({
  plugins: [precompress()],
  build: {
    outDir: 'dist',
    target: 'es2019',
    lib: {
      entry: 'src/widget.ts',
      formats: ['iife'],
      name: 'ParleyWidget',
      fileName: () => 'widget.js',
    },
  },
})
