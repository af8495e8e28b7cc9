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

// An admin builds the team: invites a colleague by link, who sets a password and works alongside;
// teams get members; a deactivated colleague is signed out at once, wherever they are.

describe.skipIf(!browserAvailable)('running the team', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world?.close())

  it('invite → set password → both agents signed in; a team; deactivation signs the colleague out', async () => {
    const admin = (await newPage(world)).page
    await signInAgent(admin, world)
    await admin.getByRole('link', { name: 'Settings' }).click()
    await admin
      .getByRole('form', { name: 'Invite an agent' })
      .getByRole('textbox', { name: 'Name' })
      .fill('Ben Berg')
    await admin
      .getByRole('form', { name: 'Invite an agent' })
      .getByRole('textbox', { name: 'Email' })
      .fill('ben@example.com')
    await admin.getByRole('button', { name: 'Invite agent' }).click()
    const inviteUrl = await admin.getByRole('textbox', { name: 'Invite link for Ben Berg' }).inputValue()
    expect(inviteUrl).toMatch(/\/invite\?token=/)
    await admin
      .getByRole('row', { name: /Ben Berg/ })
      .getByText('Invited')
      .waitFor(LIVE)

    const ben = (await newPage(world)).page
    await ben.goto(inviteUrl)
    await ben.getByRole('heading', { name: 'Welcome, Ben Berg' }).waitFor(LIVE)
    await ben.getByLabel('New password', { exact: true }).fill('bens own password')
    await ben.getByLabel('Repeat the new password').fill('bens own password')
    await ben.getByRole('button', { name: 'Set password and sign in' }).click()
    await ben.getByRole('link', { name: 'Profile: Ben Berg' }).waitFor(LIVE)
    // An agent sees no Settings; "Answers customers" was ticked, so "From customers" is theirs.
    expect(await ben.getByRole('link', { name: 'Settings' }).count()).toBe(0)
    await startCustomerChat((await newPage(world)).page, world, 'Carla', 'Hello team')
    await ben.getByRole('tab', { name: 'From customers' }).click()
    await ben.getByRole('link', { name: /Carla/ }).waitFor(LIVE)
    // The link is used up.
    const again = (await newPage(world)).page
    await again.goto(inviteUrl)
    await again.getByRole('heading', { name: 'This link does not work' }).waitFor(LIVE)

    await admin.reload()
    await admin
      .getByRole('row', { name: /Ben Berg/ })
      .getByText('Active')
      .waitFor(LIVE)
    await admin.getByRole('textbox', { name: 'New team' }).fill('Billing')
    await admin.getByRole('button', { name: 'Create team' }).click()
    const team = admin.getByRole('form', { name: 'Billing' })
    await team.getByRole('checkbox', { name: 'Ben Berg' }).check()
    await team.getByRole('button', { name: 'Save team' }).click()
    await admin.getByRole('status').filter({ hasText: 'Saved.' }).first().waitFor(LIVE)
    await admin.reload()
    expect(
      await admin
        .getByRole('form', { name: 'Billing' })
        .getByRole('checkbox', { name: 'Ben Berg' })
        .isChecked(),
    ).toBe(true)

    // The last admin is told why they cannot demote themselves.
    await admin.getByRole('combobox', { name: 'Role of Admin' }).selectOption('agent')
    await admin.getByRole('alert').filter({ hasText: 'at least one active admin' }).waitFor(LIVE)

    await admin.getByRole('button', { name: 'Deactivate Ben Berg' }).click()
    await ben.getByRole('button', { name: 'Sign in' }).waitFor(LIVE)
    await ben.getByLabel('Email').fill('ben@example.com')
    await ben.getByLabel('Password').fill('bens own password')
    await ben.getByRole('button', { name: 'Sign in' }).click()
    await ben.getByRole('alert').waitFor(LIVE)
    expect(await ben.getByRole('navigation').count()).toBe(0)
  })

  it('a new password signs out the other sessions, not this one', async () => {
    const here = (await newPage(world)).page
    const there = (await newPage(world)).page
    await signInAgent(here, world)
    await signInAgent(there, world)
    await here.getByRole('link', { name: /^Profile/ }).click()
    await here.getByLabel('Current password').fill('correct-horse-battery')
    await here.getByLabel('New password', { exact: true }).fill('an even better one')
    await here.getByLabel('Repeat the new password').fill('an even better one')
    await here.getByRole('button', { name: 'Change password' }).click()
    await here.getByRole('status').filter({ hasText: 'Password changed.' }).waitFor(LIVE)
    await there.getByRole('button', { name: 'Sign in' }).waitFor(LIVE)
    await here.getByRole('link', { name: 'Inbox' }).click()
    await here.getByRole('tab', { name: 'From customers' }).waitFor(LIVE)
  })
})
