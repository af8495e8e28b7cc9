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

describe.skipIf(!browserAvailable)("an agent's profile", () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it('changes the display name and colour, which stay after a reload and show where the name shows', async () => {
    const agent = (await newPage(world)).page
    await signInAgent(agent, world)
    await agent.getByRole('link', { name: 'Profile: Admin' }).click()
    await agent.getByRole('heading', { name: 'Your profile' }).waitFor()

    const name = agent.getByRole('textbox', { name: 'Display name' })
    expect(await name.inputValue()).toBe('Admin')
    await name.fill('Anna Berger')
    await agent.getByRole('radio', { name: 'Teal' }).check()
    await agent.getByRole('button', { name: 'Save profile' }).click()
    await agent.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor(LIVE)
    const header = agent.getByRole('link', { name: 'Profile: Anna Berger' })
    await header.waitFor(LIVE)
    expect(await header.locator('.avatar').getAttribute('class')).toContain('avatar--teal')

    await agent.reload()
    await agent.getByRole('link', { name: 'Profile: Anna Berger' }).waitFor(LIVE)
    expect(await agent.getByRole('textbox', { name: 'Display name' }).inputValue()).toBe('Anna Berger')
    expect(await agent.getByRole('radio', { name: 'Teal' }).isChecked()).toBe(true)

    // As assignee, in the agent's inbox and in the customer's chat.
    const customer = (await newPage(world)).page
    await startCustomerChat(customer, world, 'Olaf', 'Hello there')
    await agent.getByRole('link', { name: 'Inbox' }).click()
    await agent.getByRole('tab', { name: 'From customers' }).click()
    await agent.getByRole('link', { name: /Olaf/ }).click()
    await agent.locator('.composer').getByRole('button', { name: 'Assign to me' }).click()
    await agent.locator('.conversation-facts', { hasText: 'Anna Berger' }).waitFor(LIVE)
    await customer.getByText('Anna Berger joined the conversation').waitFor(LIVE)
  })

  it('refuses an empty name and keeps the old one', async () => {
    const agent = (await newPage(world)).page
    await signInAgent(agent, world)
    await agent.goto(`${world.server.url}/profile`)
    const name = agent.getByRole('textbox', { name: 'Display name' })
    await name.waitFor()
    await name.fill('   ')
    await agent.getByRole('button', { name: 'Save profile' }).click()
    await agent.getByRole('alert').filter({ hasText: 'Enter the name others should see.' }).waitFor()
    await agent.reload()
    expect(await agent.getByRole('textbox', { name: 'Display name' }).inputValue()).toBe('Anna Berger')
  })
})
