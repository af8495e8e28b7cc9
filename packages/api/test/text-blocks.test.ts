import { TextBlock } from '@parley/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// Text blocks (saved replies): shared ones for everybody, written by admins; personal ones for their
// owner alone; filled in for a conversation when inserted.

let h: Harness
let admin: TestAgent
let ben: TestAgent
let cleo: TestAgent

beforeAll(async () => {
  h = await createHarness()
  admin = await h.admin('Anna')
  ben = await h.supportAgent('Ben')
  cleo = await h.supportAgent('Cleo')
})
afterAll(() => h.close())

describe('text blocks', () => {
  it('shared ones reach every agent; personal ones only their owner, found by title or text', async () => {
    const anna = await h.asAgent(admin)
    const benCaller = await h.asAgent(ben)
    const shared = await anna.textBlocks.create({
      title: 'Greeting',
      body: 'Hello {{contact.name}}!',
      shared: true,
    })
    const own = await benCaller.textBlocks.create({
      title: 'My sign-off',
      body: 'Cheers, Ben',
      shared: false,
    })
    expect(shared).toMatchObject({ shared: true, writable: true })
    expect(own).toMatchObject({ shared: false, writable: true })

    expect((await benCaller.textBlocks.list({})).map((block) => block.title)).toEqual([
      'Greeting',
      'My sign-off',
    ])
    expect((await benCaller.textBlocks.list({})).find((block) => block.id === shared.id)?.writable).toBe(
      false,
    )
    const cleos = await (await h.asAgent(cleo)).textBlocks.list({})
    expect(cleos.map((block) => block.title)).toEqual(['Greeting'])
    expect((await benCaller.textBlocks.list({ search: 'cheers' })).map((block) => block.id)).toEqual([own.id])
  })

  it('fills in the conversation, the contact and the agent; the text stays editable Markdown', async () => {
    const anna = await h.asAgent(admin)
    const block = await anna.textBlocks.create({
      title: 'Ticket update',
      body: 'Hi {{ contact.name }} ({{contact.email}}), {{agent.name}} here about #{{conversation.number}}. {{unknown}}',
      shared: true,
    })
    const { conversationId } = await h.customerWithConversation('Help', 'Petra')
    await anna.conversation.assignToMe({ conversationId })
    await anna.conversation.createTicket({
      conversationId,
      title: 'Help',
      type: 'ticket',
      priority: 'normal',
    })
    const { body } = await (await h.asAgent(ben)).textBlocks.fill({ id: block.id, conversationId })
    expect(body).toMatch(/^Hi Petra \(\), Ben here about #\d+\. \{\{unknown\}\}$/)
  })

  it('nobody changes what is not theirs, nor fills one in for a conversation they cannot see', async () => {
    const anna = await h.asAgent(admin)
    const benCaller = await h.asAgent(ben)
    const shared = await anna.textBlocks.create({
      title: 'Policy',
      body: 'Returns within 30 days.',
      shared: true,
    })
    const bens = await benCaller.textBlocks.create({
      title: 'Ben only',
      body: 'Secret phrasing',
      shared: false,
    })
    const { conversationId } = await h.customerWithConversation()
    const plain = await h.asAgent(await h.plainAgent('Pia'))
    const { caller: customer } = await h.customer()
    const before = await h.rowCounts()
    expect(
      await refusalOf(benCaller.textBlocks.change({ id: shared.id, title: 'X', body: 'Y' })),
    ).toMatchObject({
      code: 'FORBIDDEN',
      domainCode: 'ADMIN_ONLY',
    })
    expect(
      await refusalOf(benCaller.textBlocks.create({ title: 'X', body: 'Y', shared: true })),
    ).toMatchObject({
      domainCode: 'ADMIN_ONLY',
    })
    // An admin does not even learn that Ben's personal block exists.
    for (const call of [
      () => anna.textBlocks.change({ id: bens.id, title: 'X', body: 'Y' }),
      () => anna.textBlocks.remove({ id: bens.id }),
    ]) {
      expect(await refusalOf(call)).toMatchObject({ code: 'NOT_FOUND', domainCode: 'NOT_VISIBLE' })
    }
    expect((await refusalOf(plain.textBlocks.fill({ id: shared.id, conversationId }))).code).toBe('NOT_FOUND')
    expect((await refusalOf(customer.textBlocks.list({}))).code).toBe('UNAUTHORIZED')
    expect(await h.rowCounts()).toEqual(before)
  })

  it('are changed and removed by their owner; garbage is refused', async () => {
    const benCaller = await h.asAgent(ben)
    const block = await benCaller.textBlocks.create({ title: 'Draft', body: 'v1', shared: false })
    await benCaller.textBlocks.change({ id: block.id, title: 'Final', body: 'v2' })
    expect(await h.em().findOneOrFail(TextBlock, { id: block.id })).toMatchObject({
      title: 'Final',
      body: 'v2',
    })
    for (const bad of [
      { title: '', body: 'x', shared: false },
      { title: 'x', body: '   ', shared: false },
      { title: 'x'.repeat(500), body: 'x', shared: false },
      { title: 'x', body: 'y'.repeat(30_000), shared: false },
      { title: 'x', body: 'half \uD83D', shared: false },
    ]) {
      expect((await refusalOf(benCaller.textBlocks.create(bad))).code).toBe('BAD_REQUEST')
    }
    await benCaller.textBlocks.remove({ id: block.id })
    expect(await h.count(TextBlock, { id: block.id })).toBe(0)
  })
})
