/**
 * Regenerates the README screenshots: `pnpm --filter @parley/e2e screenshots`.
 * A short scripted conversation, so the pictures show what a newcomer will see.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
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

  // The website widget on a shop's page (another origin), opened, with a reply in it.
  const shop = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Nordic Lamps</title>
<style>body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1e293b;background:#f8fafc}
header{padding:20px 40px;background:#0f172a;color:#fff;font-weight:700;font-size:20px}
main{padding:40px;max-width:640px}h1{font-size:32px;margin:0 0 12px}</style></head>
<body><header>Nordic Lamps</header><main><h1>The Fjord lamp</h1>
<p>Hand-blown glass, oak base, warm light. Ships to all of Scandinavia within three days.</p></main>
<script src="${world.server.url}/widget.js" async></script></body></html>`)
  })
  await new Promise<void>((resolve) => shop.listen(0, 'localhost', resolve))
  const shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`
  // As the admin's "Save sites" does: through the API, which every instance's chat pages then follow.
  await agent.evaluate(async (site) => {
    const response = await fetch('/api/trpc/widget.setSites', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { sites: [site] } }),
    })
    if (!response.ok) throw new Error(`widget.setSites: ${response.status}`)
  }, shopUrl)
  const { page: visitor } = await newPage(world)
  await visitor.goto(shopUrl)
  await visitor.getByRole('button', { name: 'Open chat' }).click()
  const chat = visitor.frameLocator('iframe[title="Chat"]')
  await chat.getByLabel('Name').fill('Olga')
  await chat.getByRole('textbox', { name: 'Message' }).fill('Do you ship the Fjord lamp to Norway?')
  await chat.getByRole('button', { name: 'Start chat' }).click()
  await agent.getByRole('link', { name: /Olga/ }).click()
  await agent.getByRole('button', { name: 'Assign to me' }).first().click()
  await agent.getByRole('textbox', { name: 'Message' }).fill('Yes! It reaches Oslo in three days.')
  await agent.getByRole('button', { name: 'Send', exact: true }).click()
  await chat.getByText('Yes! It reaches Oslo in three days.').waitFor()
  await visitor.waitForTimeout(300)
  await visitor.screenshot({ path: path.join(out, 'website-widget.png') })
  shop.close()
  console.log(`Screenshots written to ${out}`)
} finally {
  await world.close()
}
