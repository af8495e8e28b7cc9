#!/usr/bin/env node
// with-services <suite> -- <command…>: runs the command against PostgreSQL and Redis when both answer.
// Without them it prints a visible note and succeeds, except under CI=true, where they are required
// (like Chromium for the browser tests).
import { spawn } from 'node:child_process'
import { DEFAULT_POSTGRES_URL, DEFAULT_REDIS_URL, postgresProblem, redisProblem } from './index.mjs'

const separator = process.argv.indexOf('--')
const suite = process.argv[2]
const command = process.argv.slice(separator + 1)
if (separator < 3 || command.length === 0) {
  console.error('usage: with-services <suite> -- <command…>')
  process.exit(2)
}

const postgresUrl = process.env.PARLEY_TEST_POSTGRES_URL || DEFAULT_POSTGRES_URL
const redisUrl = process.env.PARLEY_TEST_REDIS_URL || DEFAULT_REDIS_URL
const problems = (await Promise.all([postgresProblem(postgresUrl), redisProblem(redisUrl)])).filter(Boolean)

if (problems.length > 0) {
  const ci = process.env.CI === 'true' || process.env.CI === '1'
  const lines = problems.map((problem) => `  ${problem}`).join('\n')
  if (ci) {
    console.error(`\n✗ ${suite}: the PostgreSQL + Redis run is required under CI=true:\n${lines}\n`)
    process.exit(1)
  }
  console.warn(`\n⚠ ${suite}: SKIPPED the PostgreSQL + Redis run:\n${lines}\n`)
  process.exit(0)
}

console.log(`\n▶ ${suite}: the same tests on PostgreSQL + Redis\n`)
const child = spawn(command[0], command.slice(1), {
  stdio: 'inherit',
  env: { ...process.env, PARLEY_TEST_POSTGRES_URL: postgresUrl, PARLEY_TEST_REDIS_URL: redisUrl },
})
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
