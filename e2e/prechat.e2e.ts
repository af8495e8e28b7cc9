import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  browserAvailable,
  LIVE,
  newPage,
  signInAgent,
  signInGermanAgent,
  startWorld,
  violationsOn,
  type World,
} from './harness.ts'

// Issue 10, part 1: the admin's pre-chat form on the chat page, and the answers in the contact's
// details beside the thread.

const QUESTION = 'What is your order number?'

describe.skipIf(!browserAvailable)('the pre-chat form', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it('asks what the admin chose; a required phone blocks the start until given; the agent sees the answers', async () => {
    const admin = (await newPage(world)).page
    await signInAgent(admin, world)
    await admin.getByRole('link', { name: 'Settings' }).click()
    const settings = admin.getByRole('form', { name: 'Pre-chat form' })
    // The default form: name and email, both optional, no phone, no question.
    expect(await settings.getByRole('combobox', { name: 'Name' }).inputValue()).toBe('optional')
    expect(await settings.getByRole('combobox', { name: 'Phone' }).inputValue()).toBe('off')
    await settings.getByRole('combobox', { name: 'Phone' }).selectOption({ label: 'Required' })
    await settings.getByRole('combobox', { name: 'Custom question' }).selectOption({ label: 'Optional' })
    await settings.getByRole('textbox', { name: 'Question text' }).fill(QUESTION)
    await settings.getByRole('button', { name: 'Save pre-chat form' }).click()
    await settings.getByRole('status').filter({ hasText: 'Saved.' }).waitFor(LIVE)
    expect(await violationsOn(admin)).toEqual([])

    const customer = (await newPage(world)).page
    await customer.goto(`${world.server.url}/chat`)
    const phone = customer.getByRole('textbox', { name: 'Phone' })
    const answer = customer.getByRole('textbox', { name: QUESTION })
    await phone.waitFor(LIVE)
    expect(await violationsOn(customer)).toEqual([])
    expect(await phone.getAttribute('required')).not.toBeNull()
    expect(await answer.getAttribute('required')).toBeNull()
    // Optional fields say so; the required phone does not.
    const optionalMarkers = customer.locator('.field-optional')
    expect(await optionalMarkers.allTextContents()).toEqual(['optional', 'optional', 'optional'])
    await customer.getByLabel('Name').fill('Zoë')
    await answer.fill('A-1042')
    await customer.getByRole('textbox', { name: 'Message' }).fill('Where is my parcel?')
    await customer.getByRole('button', { name: 'Start chat' }).click()
    // The browser refuses to submit and points at the missing phone: the form is still there.
    expect(await phone.evaluate((input: HTMLInputElement) => input.validity.valueMissing)).toBe(true)
    expect(await customer.evaluate(() => document.activeElement?.id)).toBe('start-phone')
    expect(new URL(customer.url()).pathname).toBe('/chat')

    await phone.fill('+49 30 1234567')
    await customer.getByRole('button', { name: 'Start chat' }).click()
    await customer.getByText('Where is my parcel?').waitFor(LIVE)

    await admin.getByRole('link', { name: 'Inbox' }).click()
    await admin.getByRole('tab', { name: 'From customers' }).click()
    await admin.getByRole('link', { name: /Zoë/ }).click()
    const panel = admin.getByRole('complementary', { name: 'Contact details' })
    await expect
      .poll(() => panel.getByRole('textbox', { name: 'Phone' }).inputValue(), LIVE)
      .toBe('+49 30 1234567')
    expect(await panel.getByRole('textbox', { name: 'Field 1 name' }).inputValue()).toBe(QUESTION)
    expect(await panel.getByRole('textbox', { name: 'Field 1 value' }).inputValue()).toBe('A-1042')
  })

  it('a form changed while the chat page was open: the refusal names the field, which then appears', async () => {
    const admin = (await newPage(world)).page
    await signInAgent(admin, world)
    await admin.getByRole('link', { name: 'Settings' }).click()
    const settings = admin.getByRole('form', { name: 'Pre-chat form' })
    const savePhone = async (choice: 'Off' | 'Required') => {
      await settings.getByRole('combobox', { name: 'Phone' }).selectOption({ label: choice })
      await settings.getByRole('button', { name: 'Save pre-chat form' }).click()
      await settings.getByRole('status').filter({ hasText: 'Saved.' }).waitFor(LIVE)
    }
    await savePhone('Off')

    const customer = (await newPage(world)).page
    await customer.goto(`${world.server.url}/chat`)
    await customer.getByRole('textbox', { name: QUESTION }).waitFor(LIVE)
    expect(await customer.getByRole('textbox', { name: 'Phone' }).count()).toBe(0)
    await savePhone('Required')

    await customer.getByLabel('Name').fill('Jonas')
    await customer.getByRole('textbox', { name: 'Message' }).fill('Do you ship to Norway?')
    await customer.getByRole('button', { name: 'Start chat' }).click()
    await customer.getByRole('alert').filter({ hasText: 'Please give your phone number.' }).waitFor(LIVE)
    await customer.getByRole('textbox', { name: 'Phone' }).fill('+47 22 123456')
    await customer.getByRole('button', { name: 'Start chat' }).click()
    await customer.getByText('Do you ship to Norway?').waitFor(LIVE)

    // Coming back for another conversation, the visitor is not asked again: their name and email, as before.
    await customer.goto(`${world.server.url}/chat/new`)
    await customer.getByRole('heading', { name: 'New conversation' }).waitFor(LIVE)
    await expect.poll(() => customer.getByLabel('Name').inputValue(), LIVE).toBe('Jonas')
    expect(await customer.getByRole('textbox', { name: 'Phone' }).count()).toBe(0)
    await customer.getByRole('textbox', { name: 'Message' }).fill('And to Sweden?')
    await customer.getByRole('button', { name: 'Start chat' }).click()
    await customer.getByText('And to Sweden?').waitFor(LIVE)
  })

  it('speaks German on both sides', async () => {
    const admin = await signInGermanAgent(world)
    await admin.getByRole('link', { name: 'Einstellungen' }).click()
    const settings = admin.getByRole('form', { name: 'Formular vor dem Chat' })
    expect(await settings.getByRole('combobox', { name: 'Telefon' }).inputValue()).toBe('required')
    await settings.getByRole('button', { name: 'Formular vor dem Chat speichern' }).waitFor(LIVE)

    const customer = (await newPage(world, 'de-DE')).page
    await customer.goto(`${world.server.url}/chat`)
    const phone = customer.getByRole('textbox', { name: 'Telefon' })
    await phone.waitFor(LIVE)
    expect(await phone.getAttribute('required')).not.toBeNull()
    await customer.getByRole('textbox', { name: 'E-Mail' }).waitFor(LIVE)
    await customer.getByRole('button', { name: 'Chat starten' }).waitFor(LIVE)
  })
})
