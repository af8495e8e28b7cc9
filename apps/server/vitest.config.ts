import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Real servers and sockets with "within a second" assertions: one file at a time keeps timings honest.
    fileParallelism: false,
  },
})
