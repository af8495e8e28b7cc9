import { Conversation, ConversationMember, Message } from '@parley/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appRouter } from '../src/index.ts'
import { type Caller, createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// Identities cannot be swapped: a customer reaches only their own conversations, customers and agents
// only their own procedures; rule 7 (blocked contacts) and rule 8 (internal conversations).

let h: Harness
let anna: TestAgent
let ben: TestAgent

beforeAll(async () => {
  h = await createHarness()
  anna = await h.admin('Anna')
  ben = await h.supportAgent('Ben')
})
afterAll(() => h.close())

const clientId = () => crypto.randomUUID()

/** Every agent procedure, called with harmless but valid input. */
function agentCalls(caller: Caller, conversationId: string): Array<[string, () => Promise<unknown>]> {
  const byConversation = { conversationId }
  return [
    ['auth.signOut', () => caller.auth.signOut()],
    ['auth.setProfile', () => caller.auth.setProfile({ name: 'x', colour: 'blue' })],
    ['auth.setLayout', () => caller.auth.setLayout({ listWidth: 300, enlarged: false })],
    ['auth.setAlerts', () => caller.auth.setAlerts({ desktop: false, sound: false })],
    ['auth.setLocale', () => caller.auth.setLocale({ locale: 'de' })],
    ['auth.active', () => caller.auth.active()],
    ['agents.list', () => caller.agents.list()],
    ['agents.teams', () => caller.agents.teams()],
    ['conversation.list', () => caller.conversation.list({ section: 'customers', status: 'open' })],
    ['conversation.attention', () => caller.conversation.attention()],
    ['conversation.get', () => caller.conversation.get({ id: conversationId })],
    [
      'conversation.reply',
      () => caller.conversation.reply({ ...byConversation, clientId: clientId(), body: 'x' }),
    ],
    [
      'conversation.note',
      () => caller.conversation.note({ ...byConversation, clientId: clientId(), body: 'x' }),
    ],
    ['conversation.assignToMe', () => caller.conversation.assignToMe(byConversation)],
    ['conversation.assign', () => caller.conversation.assign({ ...byConversation, agentId: null })],
    ['conversation.assignTeam', () => caller.conversation.assignTeam({ ...byConversation, teamId: null })],
    ['conversation.close', () => caller.conversation.close(byConversation)],
    ['conversation.trash', () => caller.conversation.trash(byConversation)],
    ['conversation.restore', () => caller.conversation.restore(byConversation)],
    ['conversation.trashList', () => caller.conversation.trashList()],
    ['conversation.follow', () => caller.conversation.follow(byConversation)],
    ['conversation.unfollow', () => caller.conversation.unfollow(byConversation)],
    ['conversation.reopen', () => caller.conversation.reopen(byConversation)],
    [
      'conversation.createTicket',
      () =>
        caller.conversation.createTicket({ ...byConversation, title: 'x', type: 'ticket', priority: 'low' }),
    ],
    ['conversation.markRead', () => caller.conversation.markRead(byConversation)],
    ['conversation.typing', () => caller.conversation.typing({ ...byConversation, visibility: 'public' })],
    [
      'conversation.viewing',
      () => caller.conversation.viewing({ ...byConversation, viewId: conversationId, present: true }),
    ],
    ['conversation.onInbox', () => caller.conversation.onInbox({})],
    ['conversation.onThread', () => caller.conversation.onThread(byConversation)],
    ['conversation.onTyping', () => caller.conversation.onTyping(byConversation)],
    ['kb.list', () => caller.kb.list({})],
    ['kb.get', () => caller.kb.get({ id: conversationId })],
    ['kb.create', () => caller.kb.create({ title: 'x', body: 'x' })],
    [
      'kb.change',
      () =>
        caller.kb.change({ id: conversationId, version: 1, title: 'x', slug: 'x', category: '', body: '' }),
    ],
    ['kb.publish', () => caller.kb.publish({ id: conversationId })],
    ['kb.unpublish', () => caller.kb.unpublish({ id: conversationId })],
    ['kb.remove', () => caller.kb.remove({ id: conversationId })],
    [
      'auth.changePassword',
      () => caller.auth.changePassword({ currentPassword: 'x', newPassword: 'long enough' }),
    ],
    ...teamCalls(caller),
    ['tickets.list', () => caller.tickets.list({})],
    [
      'tickets.change',
      () => caller.tickets.change({ ...byConversation, title: 'x', type: 'ticket', priority: 'low' }),
    ],
    ['tickets.link', () => caller.tickets.link({ ...byConversation, ticketId: conversationId })],
    ['tickets.offer', () => caller.tickets.offer({ ...byConversation, agentIds: [conversationId] })],
    ['tickets.accept', () => caller.tickets.accept(byConversation)],
    ['tickets.withdrawOffer', () => caller.tickets.withdrawOffer(byConversation)],
    [
      'internal.start',
      () =>
        caller.internal.start({
          participants: [{ kind: 'agent', id: conversationId }],
          clientId: 'client-id-1',
          body: 'x',
        }),
    ],
    [
      'internal.addParticipant',
      () =>
        caller.internal.addParticipant({
          ...byConversation,
          participant: { kind: 'agent', id: conversationId },
        }),
    ],
    [
      'outbound.start',
      () => caller.outbound.start({ contactIds: [conversationId], clientId: 'client-id-1', body: 'x' }),
    ],
    ['textBlocks.list', () => caller.textBlocks.list({})],
    ['textBlocks.create', () => caller.textBlocks.create({ title: 'x', body: 'x', shared: false })],
    ['textBlocks.change', () => caller.textBlocks.change({ id: crypto.randomUUID(), title: 'x', body: 'x' })],
    ['textBlocks.remove', () => caller.textBlocks.remove({ id: crypto.randomUUID() })],
    [
      'textBlocks.fill',
      () => caller.textBlocks.fill({ id: crypto.randomUUID(), conversationId: crypto.randomUUID() }),
    ],
    ['contacts.list', () => caller.contacts.list({})],
    ['contacts.get', () => caller.contacts.get({ contactId: crypto.randomUUID() })],
    [
      'contacts.saveDetails',
      () =>
        caller.contacts.saveDetails({
          contactId: crypto.randomUUID(),
          name: 'x',
          email: '',
          phone: '',
          company: '',
          attributes: [],
        }),
    ],
    ['contacts.block', () => caller.contacts.block({ contactId: crypto.randomUUID() })],
    ['contacts.unblock', () => caller.contacts.unblock({ contactId: crypto.randomUUID() })],
  ]
}

/** Settings (admins only; team-admin.test.ts proves agents are refused too). */
function teamCalls(caller: Caller): Array<[string, () => Promise<unknown>]> {
  const agentId = crypto.randomUUID()
  const teamId = crypto.randomUUID()
  return [
    ['team.agents', () => caller.team.agents()],
    [
      'team.invite',
      () => caller.team.invite({ name: 'x', email: 'x@example.com', role: 'agent', support: false }),
    ],
    ['team.renewInvite', () => caller.team.renewInvite({ agentId })],
    ['team.setRole', () => caller.team.setRole({ agentId, role: 'agent' })],
    ['team.setSupport', () => caller.team.setSupport({ agentId, support: false })],
    ['team.deactivate', () => caller.team.deactivate({ agentId })],
    ['team.reactivate', () => caller.team.reactivate({ agentId })],
    ['team.teams', () => caller.team.teams()],
    ['team.createTeam', () => caller.team.createTeam({ name: 'x' })],
    ['team.renameTeam', () => caller.team.renameTeam({ teamId, name: 'x' })],
    ['team.setTeamMembers', () => caller.team.setTeamMembers({ teamId, agentIds: [] })],
    ['team.organisation', () => caller.team.organisation()],
    ['team.helpdesk', () => caller.team.helpdesk()],
    ['team.setHelpdesk', () => caller.team.setHelpdesk({ on: true, onlineMessage: '', offlineMessage: '' })],
    ['team.renameOrganisation', () => caller.team.renameOrganisation({ name: 'x' })],
    ['team.prechat', () => caller.team.prechat()],
    ['team.setPrechat', () => caller.team.setPrechat({ fields: [] })],
    ['widget.settings', () => caller.widget.settings()],
    ['widget.setSites', () => caller.widget.setSites({ sites: [] })],
    ['widget.newIdentitySecret', () => caller.widget.newIdentitySecret()],
    ['mail.outbox', () => caller.mail.outbox({})],
    ['mail.outboxMail', () => caller.mail.outboxMail({ id: '1893456000000-000000000000' })],
  ]
}

/** Every customer procedure except `start`, which is how a visitor gets a token in the first place. */
function customerCalls(caller: Caller, conversationId: string): Array<[string, () => Promise<unknown>]> {
  return [
    ['customer.me', () => caller.customer.me()],
    ['customer.conversations', () => caller.customer.conversations()],
    ['customer.conversation', () => caller.customer.conversation({ id: conversationId })],
    [
      'customer.startConversation',
      () => caller.customer.startConversation({ clientId: clientId(), body: 'x' }),
    ],
    ['customer.send', () => caller.customer.send({ conversationId, clientId: clientId(), body: 'x' })],
    ['customer.fileKey', () => caller.customer.fileKey()],
    ['customer.markRead', () => caller.customer.markRead({ conversationId })],
    ['customer.setLocale', () => caller.customer.setLocale({ locale: 'de' })],
    ['customer.emailTranscript', () => caller.customer.emailTranscript({ conversationId })],
    ['customer.typing', () => caller.customer.typing({ conversationId })],
    ['customer.onEvents', () => caller.customer.onEvents({})],
    ['customer.onTyping', () => caller.customer.onTyping({ conversationId })],
    ['push.key', () => caller.push.key()],
    [
      'push.subscribe',
      () =>
        caller.push.subscribe({
          endpoint: 'https://fcm.googleapis.com/fcm/send/x',
          keys: { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) },
        }),
    ],
    [
      'push.unsubscribe',
      () => caller.push.unsubscribe({ endpoint: 'https://fcm.googleapis.com/fcm/send/x' }),
    ],
  ]
}

/** Open to anyone: how a visitor gets a token, how an agent signs in (or sets a first password), and the first start. */
const publicProcedures = [
  'auth.setupNeeded',
  'auth.setup',
  'auth.me',
  'auth.signIn',
  'auth.invitation',
  'auth.acceptInvite',
  'customer.start',
  // Whether the helpdesk answers now: the chat page asks before anyone has a token.
  'customer.availability',
  // The pre-chat form: a first-time visitor sees it before they have a token.
  'customer.prechat',
  // A host site vouching for its user: how a verified visitor gets a token (the hash is the credential).
  'widget.identify',
  // The help the chat shows: published articles, as on the public /kb pages.
  'kb.help',
  'kb.helpArticle',
]

describe('customers and agents stay in their lanes', () => {
  it('the lists here name every procedure of the API, so a new one cannot go untested', () => {
    const unused = null as unknown as Caller
    const named = [...agentCalls(unused, ''), ...customerCalls(unused, '')].map(([name]) => name)
    expect([...named, ...publicProcedures].sort()).toEqual(Object.keys(appRouter._def.procedures).sort())
  })

  it('a customer’s token opens none of the agent procedures', async () => {
    const { caller, conversationId } = await h.customerWithConversation()
    const before = await h.rowCounts()
    for (const [name, call] of agentCalls(caller, conversationId)) {
      expect({ name, ...(await refusalOf(call)) }).toMatchObject({ name, code: 'UNAUTHORIZED' })
    }
    expect(await h.rowCounts()).toEqual(before)
    expect(await caller.auth.me()).toBeNull()
  })

  it('an agent’s session opens none of the customer procedures', async () => {
    const { conversationId } = await h.customerWithConversation()
    const agent = await h.asAgent(anna)
    const before = await h.rowCounts()
    for (const [name, call] of customerCalls(agent, conversationId)) {
      expect({ name, ...(await refusalOf(call)) }).toMatchObject({ name, code: 'UNAUTHORIZED' })
    }
    expect(await h.rowCounts()).toEqual(before)
  })

  it('without any credentials only signing in, setup and starting a chat are possible', async () => {
    const { conversationId } = await h.customerWithConversation()
    const anonymous = h.anonymous()
    const before = await h.rowCounts()
    for (const [name, call] of [
      ...agentCalls(anonymous, conversationId),
      ...customerCalls(anonymous, conversationId),
    ]) {
      expect({ name, ...(await refusalOf(call)) }).toMatchObject({ name, code: 'UNAUTHORIZED' })
    }
    expect(await h.rowCounts()).toEqual(before)
    expect(await anonymous.auth.me()).toBeNull()
  })

  it('a made-up visitor token or session cookie is refused', async () => {
    const fakeCustomer = h.asCustomer('not-a-real-token')
    expect(await refusalOf(fakeCustomer.customer.me())).toMatchObject({ code: 'UNAUTHORIZED' })
    const { sessionToken } = await h.sessionOf(anna)
    const fakeAgent = h.asCustomer(sessionToken ?? '')
    // A session token is not a visitor token, even though both are random strings.
    expect(await refusalOf(fakeAgent.customer.me())).toMatchObject({ code: 'UNAUTHORIZED' })
  })

  it('signing out ends the session, also for replies and notes sent a moment before', async () => {
    const fresh = await createHarness()
    try {
      const agent = await fresh.createAgent({ role: 'agent', support: true })
      const caller = await fresh.asAgent(agent)
      const { conversationId } = await fresh.customerWithConversation()
      await caller.conversation.assignToMe({ conversationId })
      // Replies remember the session (they skip the database for it): sign-out must end that too.
      await caller.conversation.reply({ conversationId, clientId: clientId(), body: 'Hi' })
      expect(await caller.auth.me()).toMatchObject({ id: agent.id })
      await caller.auth.signOut()
      expect(await caller.auth.me()).toBeNull()
      expect(await refusalOf(caller.agents.list())).toMatchObject({ code: 'UNAUTHORIZED' })
      const before = await fresh.rowCounts()
      for (const send of [caller.conversation.reply, caller.conversation.note]) {
        expect(
          await refusalOf(send({ conversationId, clientId: clientId(), body: 'Still here?' })),
        ).toMatchObject({ code: 'UNAUTHORIZED' })
      }
      expect(await fresh.rowCounts()).toEqual(before)
    } finally {
      await fresh.close()
    }
  })

  it('an expired session is refused', async () => {
    const fresh = await createHarness()
    try {
      const agent = await fresh.createAgent({ role: 'admin', support: true })
      const caller = await fresh.asAgent(agent)
      const { conversationId } = await fresh.customerWithConversation()
      await expect(caller.agents.list()).resolves.toHaveLength(1)
      await caller.conversation.note({ conversationId, clientId: clientId(), body: 'Noted' })
      fresh.clock.advance(31 * 86_400_000)
      expect(await refusalOf(caller.agents.list())).toMatchObject({ code: 'UNAUTHORIZED' })
      expect(await caller.auth.me()).toBeNull()
      expect(
        await refusalOf(caller.conversation.note({ conversationId, clientId: clientId(), body: 'Late' })),
      ).toMatchObject({ code: 'UNAUTHORIZED' })
    } finally {
      await fresh.close()
    }
  })
})

describe('a customer reaches only their own conversations', () => {
  it('changing the id in a call does not open someone else’s conversation', async () => {
    const victim = await h.customerWithConversation('My address is 1 Private Road')
    const intruder = await h.customerWithConversation('Just browsing')
    const before = await h.rowCounts()
    const stored = await h.em().findOneOrFail(Conversation, { id: victim.conversationId })
    const { conversationId } = victim
    const c = intruder.caller.customer

    // Called one at a time: a refusal must not sit unawaited while an earlier attempt runs.
    const attempts = [
      () => c.conversation({ id: conversationId }),
      () => c.send({ conversationId, clientId: clientId(), body: 'Hi, it’s me' }),
      () => c.markRead({ conversationId }),
      () => c.typing({ conversationId }),
    ]
    for (const attempt of attempts) {
      expect(await refusalOf(attempt)).toMatchObject({
        code: 'NOT_FOUND',
        message: 'Conversation not found.',
      })
    }
    const typing = await h.subscribe({ visitorToken: intruder.token }, (caller) =>
      caller.customer.onTyping({ conversationId }),
    )
    await expect(typing.waitFor(() => true)).rejects.toMatchObject({ code: 'NOT_FOUND' })

    expect(await h.rowCounts()).toEqual(before)
    const after = await h.em().findOneOrFail(Conversation, { id: conversationId })
    expect(after.contactLastReadAt).toEqual(stored.contactLastReadAt)
    expect((await c.conversations()).map((x) => x.id)).toEqual([intruder.conversationId])
  })

  it('someone else’s conversation and one that does not exist give the same answer', async () => {
    const victim = await h.customerWithConversation()
    const intruder = await h.customer()
    const unknown = crypto.randomUUID()

    for (const call of [
      (id: string) => intruder.caller.customer.conversation({ id }),
      (id: string) => intruder.caller.customer.send({ conversationId: id, clientId: clientId(), body: 'x' }),
      (id: string) => intruder.caller.customer.markRead({ conversationId: id }),
    ]) {
      expect(await refusalOf(call(victim.conversationId))).toEqual(await refusalOf(call(unknown)))
    }
    const plain = await h.asAgent(await h.plainAgent())
    expect(await refusalOf(plain.conversation.get({ id: victim.conversationId }))).toEqual(
      await refusalOf(plain.conversation.get({ id: unknown })),
    )
  })

  it('another customer’s events never reach a customer’s live stream', async () => {
    const me = await h.customerWithConversation('mine')
    const other = await h.customerWithConversation('SECRET other customer')
    const { lastEventId } = await me.caller.customer.conversation({ id: me.conversationId })
    const stream = await h.subscribe<{ type: string }>({ visitorToken: me.token }, (c) =>
      c.customer.onEvents({ lastEventId: '0' }),
    )
    const agent = await h.asAgent(anna)
    await agent.conversation.assignToMe({ conversationId: other.conversationId })
    await agent.conversation.reply({
      conversationId: other.conversationId,
      clientId: clientId(),
      body: 'SECRET reply',
    })
    await me.caller.customer.send({ conversationId: me.conversationId, clientId: clientId(), body: 'MARKER' })

    await stream.waitFor((e) => JSON.stringify(e).includes('MARKER'))
    expect(JSON.stringify(stream.items)).not.toContain('SECRET')
    expect(lastEventId).not.toBeNull()
    await stream.stop()
  })
})

describe('blocked contacts', () => {
  it('cannot start a conversation', async () => {
    const customer = await h.customer()
    await h.blockContact(customer.contactId)
    const before = await h.rowCounts()

    const refusal = await refusalOf(
      customer.caller.customer.startConversation({ clientId: clientId(), body: 'Let me in' }),
    )

    expect(refusal).toMatchObject({ code: 'FORBIDDEN', domainCode: 'CONTACT_BLOCKED' })
    expect(await h.rowCounts()).toEqual(before)
  })

  it('cannot continue an existing conversation, open or closed', async () => {
    const { caller, contactId, conversationId } = await h.customerWithConversation()
    await h.blockContact(contactId)
    const before = await h.rowCounts()

    expect(
      await refusalOf(caller.customer.send({ conversationId, clientId: clientId(), body: 'Still here' })),
    ).toMatchObject({ code: 'FORBIDDEN', domainCode: 'CONTACT_BLOCKED' })
    await (await h.asAgent(anna)).conversation.close({ conversationId })
    const afterClose = await h.rowCounts()
    expect(
      await refusalOf(caller.customer.send({ conversationId, clientId: clientId(), body: 'Reopen please' })),
    ).toMatchObject({ domainCode: 'CONTACT_BLOCKED' })
    expect(await h.rowCounts()).toEqual(afterClose)
    expect(afterClose.Message).toBe((before.Message ?? 0) + 1) // only the agent's "closed" notice
    expect((await caller.customer.conversations())[0]?.canPost).toBe(false)
    expect((await caller.customer.me()).blocked).toBe(true)
  })
})

describe('blocked people coming back', () => {
  it('a blocked customer who starts over with the same email is still blocked', async () => {
    const first = await h.anonymous().customer.start({ name: 'Mallory', email: 'mallory@example.com' })
    await h.blockContact(first.contact.id)

    const again = await h.anonymous().customer.start({ name: 'Mal', email: 'MALLORY@example.com' })

    expect(again.contact.blocked).toBe(true)
    const refusal = await refusalOf(
      h.asCustomer(again.token).customer.startConversation({ clientId: clientId(), body: 'Hi again' }),
    )
    expect(refusal).toMatchObject({ code: 'FORBIDDEN', domainCode: 'CONTACT_BLOCKED' })
  })

  it('a blocked customer typing is not shown to agents', async () => {
    const { caller, contactId, conversationId } = await h.customerWithConversation()
    const agentCredentials = await h.sessionOf(anna)
    const stream = await h.subscribe<{ name: string }>(agentCredentials, (c) =>
      c.conversation.onTyping({ conversationId }),
    )
    await h.blockContact(contactId)

    await caller.customer.typing({ conversationId })

    await expect(stream.waitFor(() => true, 300)).rejects.toThrow(/did not yield/)
    await stream.stop()
  })
})

describe('internal conversations', () => {
  /** An agents-only conversation between Anna and Paul (no procedure creates one yet). */
  async function internalConversation(paul: TestAgent) {
    const em = h.em()
    const conversation = em.create(Conversation, {
      kind: 'internal',
      status: 'open',
      createdBy: anna.id,
      subject: 'Team lunch',
      lastMessageAt: h.clock.now,
    })
    em.create(ConversationMember, {
      conversation,
      agent: paul.id,
      role: 'participant',
      createdAt: h.clock.now,
    })
    await em.flush()
    return conversation.id
  }

  it('are visible only to their participants, even to support agents and admins who are not in it', async () => {
    const paul = await h.plainAgent('Paul')
    const conversationId = await internalConversation(paul)

    await expect((await h.asAgent(paul)).conversation.get({ id: conversationId })).resolves.toMatchObject({
      conversation: { kind: 'internal' },
    })
    await expect((await h.asAgent(anna)).conversation.get({ id: conversationId })).resolves.toBeTruthy()
    const outsider = await h.asAgent(ben)
    expect(await refusalOf(outsider.conversation.get({ id: conversationId }))).toMatchObject({
      code: 'NOT_FOUND',
    })
    expect(
      await refusalOf(outsider.conversation.note({ conversationId, clientId: clientId(), body: 'hi' })),
    ).toMatchObject({ code: 'NOT_FOUND' })
    const listed = await outsider.conversation.list({ section: 'customers', status: 'open' })
    expect(listed.map((c) => c.id)).not.toContain(conversationId)
  })

  it('no customer can read or write into one', async () => {
    const paul = await h.plainAgent('Paula')
    const conversationId = await internalConversation(paul)
    const { caller } = await h.customerWithConversation()
    const count = await h.count(Message, { conversation: conversationId })

    expect(await refusalOf(caller.customer.conversation({ id: conversationId }))).toMatchObject({
      code: 'NOT_FOUND',
    })
    expect(
      await refusalOf(caller.customer.send({ conversationId, clientId: clientId(), body: 'let me in' })),
    ).toMatchObject({ code: 'NOT_FOUND' })
    expect(await h.count(Message, { conversation: conversationId })).toBe(count)
  })

  it('participants talk without assignment; they cannot be assigned or made a ticket', async () => {
    const paul = await h.plainAgent('Pauline')
    const conversationId = await internalConversation(paul)
    const caller = await h.asAgent(paul)

    await expect(
      caller.conversation.reply({ conversationId, clientId: clientId(), body: 'Pizza?' }),
    ).resolves.toMatchObject({ body: 'Pizza?' })
    const before = await h.rowCounts()
    expect(await refusalOf(caller.conversation.assignToMe({ conversationId }))).toMatchObject({
      domainCode: 'INTERNAL_CONVERSATION',
    })
    expect(
      await refusalOf(
        caller.conversation.createTicket({ conversationId, title: 'Lunch', type: 'task', priority: 'low' }),
      ),
    ).toMatchObject({ domainCode: 'INTERNAL_CONVERSATION' })
    expect(await h.rowCounts()).toEqual(before)
  })
})
