import { AgentSession, Contact, Conversation, Message } from '@parley/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Caller,
  createHarness,
  type Harness,
  type Refusal,
  refusalOf,
  type TestAgent,
} from './harness.ts'

// Whatever a client sends, a mutation either does what it says or refuses with a clear error — and a
// refused call changes nothing.

let h: Harness
let anna: TestAgent
let agent: Caller
let customer: Caller
let conversationId: string
let contactId: string

beforeAll(async () => {
  h = await createHarness()
  anna = await h.admin('Anna')
  agent = await h.asAgent(anna)
  const started = await h.customerWithConversation('The original question')
  customer = started.caller
  conversationId = started.conversationId
  contactId = started.contactId
  await agent.conversation.assignToMe({ conversationId })
})
afterAll(() => h.close())

const clientId = () => crypto.randomUUID()
const unknownId = '5b0c6f7e-8d1a-4c2b-9e3f-a1b2c3d4e5f6'
/** Stands in for whatever a hand-written request might carry instead of the declared type. */
const junk = (value: unknown) => value as never

/** Every call must be refused with `expected`, a readable message, and leave every table as it was. */
async function expectAllRefused(
  calls: Array<[string, () => Promise<unknown>]>,
  expected: Partial<Refusal>,
): Promise<void> {
  const before = await h.rowCounts()
  for (const [name, call] of calls) {
    const refusal = await refusalOf(call)
    expect({ name, ...refusal }).toMatchObject({ name, ...expected })
    // A sentence a person can read, never a serialised list of validator issues.
    expect(refusal.message, name).not.toMatch(/^\s*[[{]/)
    expect(refusal.message.length, name).toBeGreaterThan(3)
  }
  expect(await h.rowCounts()).toEqual(before)
}

/** The five ways to post a message, each given `body` (and the rest valid). */
function posting(body: unknown): Array<[string, () => Promise<unknown>]> {
  return [
    [
      'customer.startConversation',
      () => customer.customer.startConversation({ clientId: clientId(), body: junk(body) }),
    ],
    [
      'customer.send',
      () => customer.customer.send({ conversationId, clientId: clientId(), body: junk(body) }),
    ],
    [
      'conversation.reply',
      () => agent.conversation.reply({ conversationId, clientId: clientId(), body: junk(body) }),
    ],
    [
      'conversation.note',
      () => agent.conversation.note({ conversationId, clientId: clientId(), body: junk(body) }),
    ],
    [
      'outbound.start',
      () => agent.outbound.start({ contactIds: [contactId], clientId: clientId(), body: junk(body) }),
    ],
  ]
}

describe('message bodies', () => {
  it('an empty message is refused everywhere', async () => {
    await expectAllRefused(posting(''), { code: 'BAD_REQUEST', domainCode: 'EMPTY_MESSAGE' })
  })

  it('a message of only spaces and line breaks is refused everywhere', async () => {
    await expectAllRefused(posting('  \n\t  \r\n '), { code: 'BAD_REQUEST', domainCode: 'EMPTY_MESSAGE' })
  })

  it('a message over 10,000 characters is refused everywhere', async () => {
    await expectAllRefused(posting('x'.repeat(10_001)), {
      code: 'BAD_REQUEST',
      domainCode: 'MESSAGE_TOO_LONG',
    })
    await expectAllRefused(posting('x'.repeat(100_000)), { code: 'BAD_REQUEST' })
  })

  it('a body that is not text is refused everywhere', async () => {
    for (const body of [42, null, undefined, ['hello'], { text: 'hello' }, true]) {
      await expectAllRefused(posting(body), { code: 'BAD_REQUEST', domainCode: null })
    }
  })

  it('a message of exactly 10,000 characters goes through, stored without surrounding spaces', async () => {
    const body = 'y'.repeat(10_000)
    const sent = await customer.customer.send({ conversationId, clientId: clientId(), body: `  ${body}\n` })
    expect(sent.body).toBe(body)
    const stored = await h.em().findOneOrFail(Message, { id: sent.id })
    expect(stored.body).toBe(body)
  })
})

describe('ids', () => {
  /** Every call that names a conversation, with `id` in that place. */
  function namingConversation(id: unknown): Array<[string, () => Promise<unknown>]> {
    const conversationId = junk(id)
    return [
      ['customer.conversation', () => customer.customer.conversation({ id: conversationId })],
      ['customer.send', () => customer.customer.send({ conversationId, clientId: clientId(), body: 'hi' })],
      ['customer.markRead', () => customer.customer.markRead({ conversationId })],
      ['customer.typing', () => customer.customer.typing({ conversationId })],
      ['conversation.get', () => agent.conversation.get({ id: conversationId })],
      [
        'conversation.reply',
        () => agent.conversation.reply({ conversationId, clientId: clientId(), body: 'hi' }),
      ],
      [
        'conversation.note',
        () => agent.conversation.note({ conversationId, clientId: clientId(), body: 'hi' }),
      ],
      ['conversation.assignToMe', () => agent.conversation.assignToMe({ conversationId })],
      ['conversation.assign', () => agent.conversation.assign({ conversationId, agentId: null })],
      ['conversation.close', () => agent.conversation.close({ conversationId })],
      ['conversation.reopen', () => agent.conversation.reopen({ conversationId })],
      [
        'conversation.createTicket',
        () =>
          agent.conversation.createTicket({ conversationId, title: 'T', type: 'ticket', priority: 'low' }),
      ],
      ['conversation.markRead', () => agent.conversation.markRead({ conversationId })],
      ['conversation.typing', () => agent.conversation.typing({ conversationId, visibility: 'public' })],
      ['conversation.onThread', () => agent.conversation.onThread({ conversationId })],
    ]
  }

  it('an id that is not a UUID is refused as a bad request', async () => {
    for (const id of [
      'not-a-uuid',
      '',
      `${unknownId}x`,
      "1' OR '1'='1",
      42,
      [unknownId],
      null,
      { id: unknownId },
    ]) {
      await expectAllRefused(namingConversation(id), { code: 'BAD_REQUEST', domainCode: null })
    }
  })

  it('a well-formed id of a conversation that does not exist is not found', async () => {
    await expectAllRefused(namingConversation(unknownId).slice(0, -1), {
      code: 'NOT_FOUND',
      message: 'Conversation not found.',
    })
    const thread = await h.subscribe(await h.sessionOf(anna), (c) =>
      c.conversation.onThread({ conversationId: unknownId }),
    )
    await expect(thread.waitFor(() => true)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('assigning to an agent who does not exist is refused and the conversation keeps its assignee', async () => {
    await expectAllRefused(
      [['unknown agent', () => agent.conversation.assign({ conversationId, agentId: unknownId })]],
      { code: 'NOT_FOUND' },
    )
    await expectAllRefused(
      [
        ['not a uuid', () => agent.conversation.assign({ conversationId, agentId: 'anna' })],
        ['a number', () => agent.conversation.assign({ conversationId, agentId: junk(7) })],
        ['missing', () => agent.conversation.assign(junk({ conversationId }))],
      ],
      { code: 'BAD_REQUEST' },
    )
    const stored = await h.em().findOneOrFail(Conversation, { id: conversationId })
    expect(stored.assignee?.id).toBe(anna.id)
  })

  it('a client id that is too short, too long or not text is refused', async () => {
    const calls = (id: unknown): Array<[string, () => Promise<unknown>]> => [
      ['customer.send', () => customer.customer.send({ conversationId, clientId: junk(id), body: 'hi' })],
      [
        'customer.startConversation',
        () => customer.customer.startConversation({ clientId: junk(id), body: 'hi' }),
      ],
      [
        'conversation.reply',
        () => agent.conversation.reply({ conversationId, clientId: junk(id), body: 'hi' }),
      ],
      [
        'conversation.note',
        () => agent.conversation.note({ conversationId, clientId: junk(id), body: 'hi' }),
      ],
    ]
    for (const id of ['', 'short', 'x'.repeat(65), 12345678, null, undefined]) {
      await expectAllRefused(calls(id), { code: 'BAD_REQUEST' })
    }
  })

  it('a call without any input is refused', async () => {
    await expectAllRefused(
      [
        ['customer.send', () => customer.customer.send(junk(undefined))],
        ['customer.startConversation', () => customer.customer.startConversation(junk(undefined))],
        ['conversation.reply', () => agent.conversation.reply(junk(undefined))],
        ['conversation.createTicket', () => agent.conversation.createTicket(junk(undefined))],
        ['conversation.list', () => agent.conversation.list(junk(undefined))],
        ['auth.signIn', () => h.anonymous().auth.signIn(junk(undefined))],
      ],
      { code: 'BAD_REQUEST' },
    )
  })
})

describe('tickets, typing and lists', () => {
  it('a ticket needs a title of 1–200 characters and a known type and priority', async () => {
    const ticket = (fields: Record<string, unknown>) => () =>
      agent.conversation.createTicket(
        junk({ conversationId, title: 'Valid', type: 'ticket', priority: 'low', ...fields }),
      )
    await expectAllRefused(
      [
        ['empty title', ticket({ title: '' })],
        ['blank title', ticket({ title: '    ' })],
        ['long title', ticket({ title: 't'.repeat(201) })],
        ['number title', ticket({ title: 7 })],
        ['unknown type', ticket({ type: 'bug' })],
        ['unknown priority', ticket({ priority: 'critical' })],
        ['missing priority', ticket({ priority: undefined })],
      ],
      { code: 'BAD_REQUEST' },
    )
    const stored = await h.em().findOneOrFail(Conversation, { id: conversationId })
    expect(stored.ticketNumber).toBeNull()
  })

  it('typing must say whether it is a reply or a note', async () => {
    await expectAllRefused(
      [
        ['unknown', () => agent.conversation.typing({ conversationId, visibility: junk('secret') })],
        ['missing', () => agent.conversation.typing(junk({ conversationId }))],
      ],
      { code: 'BAD_REQUEST' },
    )
  })

  it('the inbox list refuses unknown sections and statuses and an overlong search', async () => {
    await expectAllRefused(
      [
        ['section', () => agent.conversation.list({ section: junk('all'), status: 'open' })],
        ['status', () => agent.conversation.list({ section: 'mine', status: junk('pending') })],
        [
          'search',
          () => agent.conversation.list({ section: 'mine', status: 'open', search: 's'.repeat(201) }),
        ],
        ['search type', () => agent.conversation.list({ section: 'mine', status: 'open', search: junk(42) })],
      ],
      { code: 'BAD_REQUEST' },
    )
    await expect(
      agent.conversation.list({ section: 'customers', status: 'open', search: 's'.repeat(200) }),
    ).resolves.toEqual([])
  })

  it('search takes % and _ as word separators, never as wildcards', async () => {
    const { conversationId: sale } = await h.customerWithConversation('Is the 50% discount still valid?')
    await h.customerWithConversation('Is the 50 euro voucher valid?')
    const { conversationId: underscored } = await h.customerWithConversation('hello', 'max_power')
    await h.customerWithConversation('hello', 'maxipower')
    const search = async (text: string) =>
      (await agent.conversation.list({ section: 'customers', status: 'open', search: text })).map((c) => c.id)

    expect(await search('%')).toEqual([])
    expect(await search('_')).toEqual([])
    expect(await search('50% discount')).toEqual([sale])
    expect(await search('max_power')).toEqual([underscored])
    expect(await search('DISCOUNT')).toEqual([sale])
    await agent.conversation.createTicket({
      conversationId: sale,
      title: 'Promo code',
      type: 'task',
      priority: 'low',
    })
    expect(await search('promo')).toEqual([sale])
  })
})

describe('starting a chat and signing in', () => {
  it('a visitor’s name and email are checked before anything is stored', async () => {
    const anonymous = h.anonymous()
    const contacts = await h.count(Contact)
    await expectAllRefused(
      [
        ['long name', () => anonymous.customer.start({ name: 'n'.repeat(101) })],
        ['number name', () => anonymous.customer.start({ name: junk(42) })],
        ['not an email', () => anonymous.customer.start({ email: 'not-an-email' })],
        ['long email', () => anonymous.customer.start({ email: `${'a'.repeat(250)}@example.com` })],
        ['email list', () => anonymous.customer.start({ email: junk(['a@example.com']) })],
        ['letters for a phone', () => anonymous.customer.start({ phone: 'ring me' })],
        ['long phone', () => anonymous.customer.start({ phone: '1'.repeat(41) })],
        ['number phone', () => anonymous.customer.start({ phone: junk(301234567) })],
        ['long answer', () => anonymous.customer.start({ answer: 'a'.repeat(501) })],
        ['answer object', () => anonymous.customer.start({ answer: junk({ text: 'A-1' }) })],
      ],
      { code: 'BAD_REQUEST' },
    )
    expect(await h.count(Contact)).toBe(contacts)

    const { contact } = await anonymous.customer.start({ name: '   ', email: '' })
    expect(contact).toMatchObject({ name: null, email: null, blocked: false })
    const named = await anonymous.customer.start({ name: '  Zoë  ', email: ' Zoe@Example.COM ' })
    expect(named.contact).toMatchObject({ name: 'Zoë', email: 'zoe@example.com' })
  })

  it('the pre-chat form takes known fields, each once, and a question of at most 200 characters', async () => {
    const setPrechat = (fields: unknown) => () => agent.team.setPrechat({ fields: junk(fields) })
    await expectAllRefused(
      [
        ['unknown field', setPrechat([{ field: 'address', required: false }])],
        ['not a list', setPrechat('name,email')],
        ['required as text', setPrechat([{ field: 'name', required: 'true' }])],
        ['long question', setPrechat([{ field: 'question', required: false, label: 'q'.repeat(201) }])],
        ['question of spaces', setPrechat([{ field: 'question', required: false, label: '   ' }])],
        [
          'a field twice',
          setPrechat([
            { field: 'phone', required: false },
            { field: 'phone', required: true },
          ]),
        ],
      ],
      { code: 'BAD_REQUEST' },
    )
    expect(await agent.team.prechat()).toEqual(await h.anonymous().customer.prechat())
  })

  it('signing in with malformed or wrong credentials is refused and opens no session', async () => {
    const anonymous = h.anonymous()
    await expectAllRefused(
      [
        ['not an email', () => anonymous.auth.signIn({ email: 'anna', password: anna.password })],
        ['empty password', () => anonymous.auth.signIn({ email: anna.email, password: '' })],
        ['long password', () => anonymous.auth.signIn({ email: anna.email, password: 'p'.repeat(201) })],
        ['number password', () => anonymous.auth.signIn({ email: anna.email, password: junk(12345678) })],
      ],
      { code: 'BAD_REQUEST' },
    )
    const wrongPassword = await refusalOf(
      anonymous.auth.signIn({ email: anna.email, password: 'wrong-password' }),
    )
    const unknownEmail = await refusalOf(
      anonymous.auth.signIn({ email: 'nobody@example.com', password: 'wrong-password' }),
    )
    expect(wrongPassword).toMatchObject({ code: 'UNAUTHORIZED', message: 'Wrong email or password.' })
    // Same answer either way: sign-in does not reveal who has an account.
    expect(unknownEmail).toEqual(wrongPassword)

    const sessions = await h.count(AgentSession)
    await expect(
      anonymous.auth.signIn({ email: anna.email.toUpperCase(), password: anna.password }),
    ).resolves.toMatchObject({ id: anna.id })
    expect(await h.count(AgentSession)).toBe(sessions + 1)
  })

  it('the setup form says what is wrong with a short password', async () => {
    const refusal = await refusalOf(
      h.anonymous().auth.setup({ token: 'x', name: 'Eve', email: 'eve@example.com', password: 'short' }),
    )
    expect(refusal.code).toBe('BAD_REQUEST')
    expect(refusal.fieldErrors?.password).toEqual(['Use at least 8 characters.'])
    expect(refusal.message).toContain('Use at least 8 characters.')
  })
})

describe('resuming live updates', () => {
  it('a malformed last event id is refused', async () => {
    for (const lastEventId of ['abc', '-1', '1.5', '1e3', ' 7', '9'.repeat(16), 42, ['1']]) {
      for (const start of [
        () => customer.customer.onEvents({ lastEventId: junk(lastEventId) }),
        () => agent.conversation.onInbox({ lastEventId: junk(lastEventId) }),
        () => agent.conversation.onThread({ conversationId, lastEventId: junk(lastEventId) }),
      ]) {
        expect(await refusalOf(start)).toMatchObject({ code: 'BAD_REQUEST' })
      }
    }
  })
})
