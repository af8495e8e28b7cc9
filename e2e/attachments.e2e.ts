import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserAvailable,
  LIVE,
  newPage,
  signInAgent,
  startCustomerChat,
  startWorld,
  violationsOn,
  type World,
} from './harness.ts'

const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
)

describe.skipIf(!browserAvailable)('attachments', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it('a customer sends a picture and a PDF; the agent sees the thumbnail and the card, and sends a file back', async () => {
    const customer = (await newPage(world)).page
    const agent = (await newPage(world)).page
    await startCustomerChat(customer, world, 'Pia', 'My parcel arrived broken')
    await signInAgent(agent, world)
    await agent.getByRole('tab', { name: 'From customers' }).click()
    await agent.getByRole('link', { name: /Pia/ }).click()
    await agent.locator('.composer').getByRole('button', { name: 'Assign to me' }).click()

    // The customer attaches two files with the file chooser and sends them with a few words.
    const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#c0392b' } })
      .jpeg()
      .toBuffer()
    const chooser = customer.waitForEvent('filechooser')
    await customer.getByRole('button', { name: 'Attach files' }).click()
    await (await chooser).setFiles([
      { name: 'broken-box.jpg', mimeType: 'image/jpeg', buffer: photo },
      { name: 'invoice.pdf', mimeType: 'application/pdf', buffer: pdf },
    ])
    const tray = customer.getByRole('list', { name: 'Files to send' })
    await tray.getByText('broken-box.jpg').waitFor(LIVE)
    await tray.getByRole('button', { name: 'Remove invoice.pdf' }).waitFor(LIVE)
    await tray.getByRole('button', { name: 'Remove broken-box.jpg' }).waitFor(LIVE)
    expect(await violationsOn(customer)).toEqual([])
    await customer.getByRole('textbox', { name: 'Message' }).fill('Here is the box and the invoice')
    await customer.getByRole('button', { name: 'Send' }).click()
    await expect.poll(() => tray.count()).toBe(0)

    // The agent sees a thumbnail made by the server and a card for the document.
    const picture = agent.getByRole('button', { name: 'Open picture broken-box.jpg' })
    await picture.waitFor(LIVE)
    const thumbnail = picture.locator('img')
    expect(await thumbnail.getAttribute('src')).toMatch(/^\/files\/[0-9a-f-]{36}\/thumbnail$/)
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(480)
    const card = agent.getByRole('link', { name: /^invoice\.pdf PDF · \d+ B$/ })
    await card.waitFor(LIVE)
    expect(await violationsOn(agent)).toEqual([])

    // The lightbox shows the picture whole; Escape closes it.
    await picture.click()
    const lightbox = agent.getByRole('dialog', { name: 'broken-box.jpg' })
    await lightbox.waitFor(LIVE)
    await expect
      .poll(() => lightbox.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBe(1200)
    expect(await violationsOn(agent)).toEqual([])
    await agent.keyboard.press('Escape')
    await lightbox.waitFor({ state: 'hidden' })

    // The agent replies with a file only; the customer gets a working download.
    const agentChooser = agent.waitForEvent('filechooser')
    await agent.getByRole('button', { name: 'Attach files' }).click()
    await (await agentChooser).setFiles([
      { name: 'return-label.pdf', mimeType: 'application/pdf', buffer: pdf },
    ])
    await agent.getByRole('button', { name: 'Remove return-label.pdf' }).waitFor(LIVE)
    // A pasted file and a dropped one join it (a screenshot from the clipboard, a file from the desktop).
    await agent.getByRole('textbox', { name: 'Message' }).evaluate((box) => {
      const pasted = new DataTransfer()
      pasted.items.add(new File(['Order 1001 log'], 'pasted.txt', { type: 'text/plain' }))
      box.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true, cancelable: true }),
      )
      const dropped = new DataTransfer()
      dropped.items.add(new File(['Dropped notes'], 'dropped.txt', { type: 'text/plain' }))
      box.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }))
    })
    await agent.getByRole('button', { name: 'Remove pasted.txt' }).waitFor(LIVE)
    await agent.getByRole('button', { name: 'Remove dropped.txt' }).waitFor(LIVE)
    await agent.getByRole('button', { name: 'Send', exact: true }).click()
    await customer.getByRole('link', { name: /^pasted\.txt TXT/ }).waitFor(LIVE)
    await customer.getByRole('link', { name: /^dropped\.txt TXT/ }).waitFor(LIVE)
    const download = customer.getByRole('link', { name: /^return-label\.pdf PDF/ })
    await download.waitFor(LIVE)
    const href = (await download.getAttribute('href')) ?? ''
    expect(href).toMatch(/^\/files\/[0-9a-f-]{36}\?key=/)
    expect(await customer.evaluate((url) => fetch(url).then((r) => r.status), href)).toBe(200)
    // Without the key, the same file is nobody's.
    expect(await customer.evaluate((url) => fetch(url).then((r) => r.status), href.split('?')[0]!)).toBe(404)
  })

  it('refuses a file that is not what its name says, naming the allowed types, and sends nothing', async () => {
    const customer = (await newPage(world)).page
    await startCustomerChat(customer, world, 'Rolf', 'Look at this')
    const chooser = customer.waitForEvent('filechooser')
    await customer.getByRole('button', { name: 'Attach files' }).click()
    await (await chooser).setFiles([
      {
        name: 'photo.png',
        mimeType: 'image/png',
        buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      },
    ])
    const error = customer.getByRole('alert').filter({ hasText: 'This file type is not allowed.' })
    await error.waitFor(LIVE)
    expect(await error.textContent()).toContain('Allowed are AAC, AVI, DOCX')
    await customer.getByRole('button', { name: 'Remove photo.png' }).click()
    await expect.poll(() => customer.getByRole('list', { name: 'Files to send' }).count()).toBe(0)
  })

  it('is in German for a German customer', async () => {
    const customer = (await newPage(world, 'de-DE')).page
    await customer.goto(`${world.server.url}/chat`)
    await customer.getByLabel('Name').fill('Greta')
    await customer.getByRole('textbox', { name: 'Nachricht' }).fill('Hallo')
    await customer.getByRole('button', { name: 'Chat starten' }).click()
    await customer.getByRole('button', { name: 'Dateien anhängen' }).waitFor(LIVE)
  })
})
