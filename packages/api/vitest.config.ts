import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file opens its own SQLite database; scrypt and migrations make the first calls slow-ish.
    testTimeout: 15_000,
    hookTimeout: 30_000,
  },
})
