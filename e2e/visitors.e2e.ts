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

describe.skipIf(!browserAvailable)('customers who give no name', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it('are told apart in the inbox list and keep their label and colour in the thread', async () => {
    const agent = (await newPage(world)).page
    await signInAgent(agent, world)
    await agent.getByRole('tab', { name: 'From customers' }).click()
    for (const message of ['Where is my parcel?', 'Do you ship to Austria?']) {
      const customer = (await newPage(world)).page
      await startCustomerChat(customer, world, '', message)
      await customer.getByText(message).waitFor(LIVE)
    }

    const visitors = agent.getByRole('link', { name: /Visitor [0-9A-F]{4}/ })
    await expect.poll(() => visitors.count(), LIVE).toBe(2)
    const names = await agent.locator('.row-name').allTextContents()
    expect(names).toHaveLength(2)
    for (const name of names) expect(name).toMatch(/^Visitor [0-9A-F]{4}$/)
    expect(names[0]).not.toBe(names[1])

    const avatarOf = async (row: string) =>
      agent
        .getByRole('link', { name: new RegExp(row) })
        .locator('.avatar')
        .getAttribute('class')
    const listAvatar = await avatarOf(names[0]!)
    expect(listAvatar).toMatch(/avatar--(blue|green|purple|orange|teal|red|pink|slate)\b/)

    await agent.getByRole('link', { name: new RegExp(names[0]!) }).click()
    await agent.getByRole('heading', { name: names[0]!, exact: true }).waitFor(LIVE)
    const colour = listAvatar?.match(/avatar--[a-z]+/g)?.find((c) => c !== 'avatar--contact')
    expect(await agent.locator('.conversation-header .avatar').getAttribute('class')).toContain(colour)
    // The customer's messages carry the same label as the list.
    await agent.locator('.message-author', { hasText: names[0]! }).first().waitFor(LIVE)

    await agent.reload()
    await agent.getByRole('heading', { name: names[0]!, exact: true }).waitFor(LIVE)
  })
})
