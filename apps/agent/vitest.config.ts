import { defineConfig } from 'vitest/config'

// Unit tests cover the inbox's plain logic (no components), so they need neither Solid's JSX transform nor a DOM.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
})
