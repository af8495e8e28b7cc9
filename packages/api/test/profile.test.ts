import { Agent } from '@parley/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// An agent's own display name and avatar colour, and where colleagues and customers see them.

let h: Harness
let admin: TestAgent

beforeAll(async () => {
  h = await createHarness()
  admin = await h.admin('Admin')
})
afterAll(() => h.close())

const clientId = () => crypto.randomUUID()

describe('an agent’s profile', () => {
  it('changes their name and colour, for them and for colleagues', async () => {
    const caller = await h.asAgent(admin)

    const updated = await caller.auth.setProfile({ name: '  Anna Admin ', colour: 'teal' })

    expect(updated).toMatchObject({ id: admin.id, name: 'Anna Admin', colour: 'teal' })
    expect(await caller.auth.me()).toMatchObject({ name: 'Anna Admin', colour: 'teal' })
    const colleague = await h.asAgent(await h.supportAgent('Ben'))
    expect((await colleague.agents.list()).find((a) => a.id === admin.id)).toMatchObject({
      name: 'Anna Admin',
      colour: 'teal',
    })
  })

  it('refuses an empty, too long or unknown-colour profile and leaves it unchanged', async () => {
    const agent = await h.supportAgent('Clara')
    const caller = await h.asAgent(agent)
    const before = await caller.auth.me()

    for (const input of [
      { name: '   ', colour: 'blue' },
      { name: 'x'.repeat(81), colour: 'blue' },
      { name: 'Clara', colour: 'chartreuse' },
      { name: 'Clara', colour: '#ff0000' },
      { name: 42, colour: 'blue' },
    ]) {
      expect(
        await refusalOf(caller.auth.setProfile(input as { name: string; colour: 'blue' })),
      ).toMatchObject({ code: 'BAD_REQUEST' })
    }
    expect(await caller.auth.me()).toEqual(before)
    const stored = await h.em().findOneOrFail(Agent, { id: agent.id })
    expect(stored).toMatchObject({ name: 'Clara', avatarColour: null })
  })

  it('is refused to customers and to callers without a session', async () => {
    const agent = await h.supportAgent('Dora')
    const { caller: customer } = await h.customer()
    for (const caller of [customer, h.anonymous()]) {
      expect(await refusalOf(caller.auth.setProfile({ name: 'Dora', colour: 'red' }))).toMatchObject({
        code: 'UNAUTHORIZED',
      })
    }
    expect(await h.em().findOneOrFail(Agent, { id: agent.id })).toMatchObject({ name: 'Dora' })
  })

  it('the new name shows as assignee and author, while "joined" notices keep the name of the time', async () => {
    const agent = await h.supportAgent('Erik')
    const caller = await h.asAgent(agent)
    const { caller: customer, conversationId } = await h.customerWithConversation()
    await caller.conversation.assignToMe({ conversationId })
    await caller.conversation.reply({ conversationId, clientId: clientId(), body: 'Hello!' })

    await caller.auth.setProfile({ name: 'Erik the Helpful', colour: 'green' })

    const { conversation, messages } = await caller.conversation.get({ id: conversationId })
    expect(conversation.assignee).toEqual({ id: agent.id, name: 'Erik the Helpful' })
    const listed = await caller.conversation.list({ section: 'customers', status: 'open' })
    expect(listed.find((c) => c.id === conversationId)?.assignee?.name).toBe('Erik the Helpful')
    expect(messages.find((m) => m.body === 'Hello!')?.author).toEqual({
      id: agent.id,
      name: 'Erik the Helpful',
    })
    const seen = await customer.customer.conversation({ id: conversationId })
    expect(seen.conversation.assignee).toEqual({ name: 'Erik the Helpful' })
    expect(seen.messages.find((m) => m.kind === 'system')?.system).toEqual({
      type: 'assigned',
      agentName: 'Erik',
    })
  })
})

describe('the inbox as an agent arranged it', () => {
  it('is kept for them (and only them) and comes back with who they are; nonsense sizes are refused', async () => {
    const agent = await h.supportAgent('Fiona')
    const caller = await h.asAgent(agent)
    expect((await caller.auth.me())?.layout).toBeNull()
    await caller.auth.setLayout({ listWidth: 420, enlarged: true })
    expect((await caller.auth.me())?.layout).toEqual({ listWidth: 420, enlarged: true })
    const colleague = await h.asAgent(await h.supportAgent('Gus'))
    expect((await colleague.auth.me())?.layout).toBeNull()
    for (const bad of [
      { listWidth: -5, enlarged: false },
      { listWidth: 1e9, enlarged: false },
      { listWidth: 300.5, enlarged: false },
      { listWidth: 300, enlarged: 'yes' },
    ]) {
      expect((await refusalOf(caller.auth.setLayout(bad as never))).code).toBe('BAD_REQUEST')
    }
    expect((await caller.auth.me())?.layout).toEqual({ listWidth: 420, enlarged: true })
  })
})
