import path from 'node:path'
import { holdSqliteWriteLock } from '@parley/test-services'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserAvailable,
  LIVE,
  newPage,
  signInAgent,
  startCustomerChat,
  startWorld,
  type World,
} from './harness.ts'

// While another process holds the SQLite file's write lock the server answers writes with 503 at once
// (nothing stored). The apps take that as "try again shortly", not as a failure to show.

describe.skipIf(!browserAvailable)('a database busy for a moment', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it("delays a customer's message and an agent's reply instead of failing them", async () => {
    const agent = (await newPage(world)).page
    const customer = (await newPage(world)).page
    await signInAgent(agent, world)
    await startCustomerChat(customer, world, 'Petra', 'First question')
    await agent.getByRole('tab', { name: 'From customers' }).click()
    await agent.getByRole('link', { name: /Petra/ }).click()
    await agent.locator('.composer').getByRole('button', { name: 'Assign to me' }).click()
    await agent.getByRole('textbox', { name: 'Message' }).waitFor(LIVE)

    const lock = await holdSqliteWriteLock(path.join(world.dataDir, 'parley.sqlite'))
    await customer.getByRole('textbox', { name: 'Message' }).fill('Sent while the database is locked')
    await customer.getByRole('button', { name: 'Send' }).click()
    await agent.getByRole('textbox', { name: 'Message' }).fill('Answer while locked')
    await agent.getByRole('button', { name: 'Send', exact: true }).click()
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    await lock.release()

    await agent.getByText('Sent while the database is locked').waitFor({ timeout: 10_000 })
    await customer.getByText('Answer while locked').waitFor({ timeout: 10_000 })
    // Once each, however often the apps asked while it lasted.
    expect(await customer.getByText('Sent while the database is locked').count()).toBe(1)
    expect(await agent.getByText('Answer while locked').count()).toBe(1)
    for (const page of [agent, customer]) {
      expect(await page.getByRole('alert').count()).toBe(0)
    }
  })
})
