/**
 * Regenerates the README screenshots: `pnpm --filter @parley/e2e screenshots`.
 * A short scripted conversation, so the pictures show what a newcomer will see.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { newPage, signInAgent, startCustomerChat, startWorld } from './harness.ts'

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url))
const world = await startWorld()
try {
  const { page: agent } = await newPage(world)
  const { context: phone } = await world.browser
    .newContext({ locale: 'en-US', viewport: { width: 390, height: 720 }, deviceScaleFactor: 1 })
    .then(async (context) => ({ context }))
  const customer = await phone.newPage()

  await signInAgent(agent, world)
  await startCustomerChat(customer, world, 'Sally Carter', 'Hi! My order **#4711** has not arrived yet.')
  await agent.getByRole('tab', { name: 'From customers' }).click()
  await agent.getByRole('link', { name: /Sally/ }).click()
  await agent.getByRole('button', { name: 'Assign to me' }).first().click()
  await agent
    .getByRole('textbox', { name: 'Message' })
    .fill('Sorry to hear that! Let me *check* with the carrier.')
  await agent.getByRole('button', { name: 'Send', exact: true }).click()
  await agent.getByRole('button', { name: 'Internal note' }).click()
  await agent
    .getByRole('textbox', { name: 'Message' })
    .fill('Carrier portal shows the parcel stuck in Leipzig since Monday.')
  await agent.getByRole('button', { name: 'Send', exact: true }).click()
  await customer.getByText(/check/).first().waitFor()
  await customer.getByRole('textbox', { name: 'Message' }).fill('Thank you, that would be great!')
  await customer.getByRole('button', { name: 'Send' }).click()
  await agent
    .getByText(/that would be great/)
    .first()
    .waitFor()
  await agent.getByRole('button', { name: 'Reply' }).click()
  await agent.waitForTimeout(300)

  await agent.screenshot({ path: path.join(out, 'agent-inbox.png') })
  await customer.screenshot({ path: path.join(out, 'customer-chat.png') })
  console.log(`Screenshots written to ${out}`)
} finally {
  await world.close()
}
