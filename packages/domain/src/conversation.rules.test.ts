import { describe, expect, it } from 'vitest'
import type { Actor } from './actor.ts'
import {
  addParticipant,
  assign,
  assignTeam,
  type ConversationFacts,
  canNote,
  canReply,
  canSeeTrash,
  canStartConversation,
  canView,
  changeStatus,
  changeTicket,
  createTicket,
  customerCanPost,
  customerPost,
  follow,
  followUpTicket,
  isFollowing,
  isInSection,
  isMine,
  linkToTicket,
  restore,
  startInternalConversation,
  startOutboundConversation,
  startsBlocked,
  type Ticket,
  trash,
  unfollow,
} from './conversation.rules.ts'
import type { Result } from './result.ts'
import { systemEventVisibility } from './system-event.ts'
import {
  admin,
  anotherCustomer,
  assignedAgent,
  billingAgent,
  blockedCustomer,
  customer,
  customers,
  customersAndSystem,
  otherAgent,
  outcome,
  plainAgent,
  supportAgent,
  supportConversation,
  system,
} from './test-cast.ts'

const conversation = supportConversation

/** An internal conversation between Paula (who started it) and Otto. */
function internalConversation(overrides: Partial<ConversationFacts> = {}): ConversationFacts {
  return conversation({
    kind: 'internal',
    contactId: null,
    createdById: plainAgent.id,
    memberIds: [otherAgent.id],
    ...overrides,
  })
}

function ticket(overrides: Partial<Ticket> = {}): Ticket {
  return { number: 42, title: 'Refund for order 1001', type: 'ticket', priority: 'normal', ...overrides }
}

const assignedToAnna = conversation({ assigneeId: assignedAgent.id })

type Access = 'opens it' | 'is told it is not found'

/** canView in words; any code other than NOT_VISIBLE shows up as itself and fails the test. */
function access(result: Result): Access | string {
  if (result.ok) return 'opens it'
  return result.error.code === 'NOT_VISIBLE' ? 'is told it is not found' : result.error.code
}

describe('My conversations (isMine)', () => {
  it.each([
    ['created', { createdById: plainAgent.id }],
    ['is assigned to', { assigneeId: plainAgent.id }],
    ['follows or participated in', { memberIds: [otherAgent.id, plainAgent.id] }],
  ])('lists a conversation the agent %s', (_, overrides) => {
    expect(isMine(conversation(overrides), plainAgent.id)).toBe(true)
  })

  it('does not list a conversation the agent has nothing to do with', () => {
    expect(isMine(conversation({ createdById: 'x', assigneeId: 'y', memberIds: ['z'] }), plainAgent.id)).toBe(
      false,
    )
  })
})

describe('who may open a conversation (canView)', () => {
  describe('a customer conversation', () => {
    it.each<[string, Access, Actor]>([
      ['an admin', 'opens it', admin],
      ['a support agent', 'opens it', supportAgent],
      ['a plain agent who is not part of it', 'is told it is not found', plainAgent],
      ['the customer who wrote it', 'opens it', customer],
      ['a blocked customer reading their own conversation', 'opens it', blockedCustomer],
      ['another customer', 'is told it is not found', anotherCustomer],
      ['the system', 'opens it', system],
    ])('%s %s', (_, expected, actor) => {
      expect(access(canView(conversation(), actor))).toBe(expected)
    })

    it('an admin without the support flag still sees it', () => {
      expect(canView(conversation(), { ...admin, support: false }).ok).toBe(true)
    })

    it.each([
      ['they created it', { createdById: plainAgent.id }],
      ['it is assigned to them', { assigneeId: plainAgent.id }],
      ['they follow or participated in it', { memberIds: [plainAgent.id] }],
    ])('a plain agent can open it once %s', (_, overrides) => {
      expect(canView(conversation(overrides), plainAgent).ok).toBe(true)
    })

    it('answers "not found" to those who may not see it, so they cannot tell it exists', () => {
      expect(canView(conversation(), plainAgent)).toEqual({
        ok: false,
        error: { code: 'NOT_VISIBLE', message: 'Conversation not found.' },
      })
    })

    it('is seen by no customer when it has no contact', () => {
      expect(canView(conversation({ contactId: null }), customer).ok).toBe(false)
    })
  })

  describe('a conversation in Trash', () => {
    const trashed = conversation({
      trashed: true,
      assigneeId: assignedAgent.id,
      createdById: supportAgent.id,
    })

    it.each<[string, Access, Actor]>([
      ['an admin', 'opens it', admin],
      ['the support agent who created it', 'is told it is not found', supportAgent],
      ['its assigned agent', 'is told it is not found', assignedAgent],
      ['its customer', 'is told it is not found', customer],
      ['the system', 'opens it', system],
    ])('is hidden except from admins: %s %s', (_, expected, actor) => {
      expect(access(canView(trashed, actor))).toBe(expected)
    })
  })

  describe('an internal conversation', () => {
    it.each<[string, Access, Actor]>([
      ['the agent who started it', 'opens it', plainAgent],
      ['a participant', 'opens it', otherAgent],
      ['an admin who is not a participant', 'is told it is not found', admin],
      ['a support agent who is not a participant', 'is told it is not found', supportAgent],
      ['a customer', 'is told it is not found', customer],
      ['the system', 'opens it', system],
    ])('is visible only to its participants: %s %s', (_, expected, actor) => {
      expect(access(canView(internalConversation(), actor))).toBe(expected)
    })

    it('stays hidden from a customer even if it names their contact', () => {
      expect(canView(internalConversation({ contactId: customer.contactId }), customer).ok).toBe(false)
    })

    it('is hidden from a non-admin participant once in Trash, and from an admin who is not a participant', () => {
      const trashed = internalConversation({ trashed: true, memberIds: [otherAgent.id, admin.id] })
      expect(outcome(canView(trashed, otherAgent))).toBe('NOT_VISIBLE')
      expect(outcome(canView(trashed, admin))).toBe('ok')
      expect(outcome(canView(internalConversation({ trashed: true }), admin))).toBe('NOT_VISIBLE')
    })
  })
})

describe('inbox sections (isInSection)', () => {
  it.each([
    ['an admin', admin],
    ['a support agent', supportAgent],
  ])('"From customers" lists every customer conversation for %s', (_, agent) => {
    expect(isInSection(conversation(), agent, 'customers')).toBe(true)
  })

  it('"From customers" is empty for a plain agent', () => {
    expect(isInSection(conversation(), plainAgent, 'customers')).toBe(false)
  })

  it('"From customers" never lists internal conversations', () => {
    expect(isInSection(internalConversation({ memberIds: [admin.id] }), admin, 'customers')).toBe(false)
  })

  it('"From customers" does not list a conversation for a plain agent even when it is theirs', () => {
    expect(isInSection(conversation({ assigneeId: plainAgent.id }), plainAgent, 'customers')).toBe(false)
  })

  it('"My conversations" lists what the agent created, is assigned, follows or took part in', () => {
    expect(isInSection(conversation({ createdById: plainAgent.id }), plainAgent, 'mine')).toBe(true)
    expect(isInSection(conversation({ assigneeId: plainAgent.id }), plainAgent, 'mine')).toBe(true)
    expect(isInSection(conversation({ memberIds: [plainAgent.id] }), plainAgent, 'mine')).toBe(true)
  })

  it('"Internal" lists the conversations between agents they are part of, and only those (rule 8)', () => {
    expect(isInSection(internalConversation(), otherAgent, 'internal')).toBe(true)
    expect(isInSection(internalConversation(), otherAgent, 'mine')).toBe(false)
    expect(isInSection(internalConversation(), admin, 'internal')).toBe(false)
    expect(isInSection(conversation({ assigneeId: otherAgent.id }), otherAgent, 'internal')).toBe(false)
  })

  it('takes a colleague into a conversation between agents, not one already in it', () => {
    const between = internalConversation()
    expect(addParticipant(between, otherAgent, { kind: 'agent', id: supportAgent.id }).ok).toBe(true)
    expect(outcome(addParticipant(between, otherAgent, { kind: 'agent', id: plainAgent.id }))).toBe(
      'ALREADY_IN_STATE',
    )
  })

  it('starts a conversation between agents, never with a customer (rule 8)', () => {
    const colleague = { kind: 'agent', id: otherAgent.id } as const
    expect(startInternalConversation(supportAgent, [colleague]).ok).toBe(true)
    expect(
      outcome(startInternalConversation(supportAgent, [colleague, { kind: 'customer', id: 'c-1' }])),
    ).toBe('INTERNAL_CONVERSATION')
    expect(outcome(startInternalConversation(supportAgent, [{ kind: 'agent', id: supportAgent.id }]))).toBe(
      'INVALID_TRANSITION',
    )
    expect(outcome(startInternalConversation(customer, [colleague]))).toBe('AGENTS_ONLY')
  })

  it('"My conversations" does not list customer conversations the agent is not part of, even for support', () => {
    expect(isInSection(conversation(), supportAgent, 'mine')).toBe(false)
    expect(isInSection(conversation(), admin, 'mine')).toBe(false)
  })

  it.each([
    ['From customers', 'customers'],
    ['My conversations', 'mine'],
  ] as const)('a conversation in Trash is not listed in "%s", not even for admins', (_, section) => {
    const trashed = conversation({ trashed: true, assigneeId: admin.id })
    expect(isInSection(trashed, admin, section)).toBe(false)
  })
})

describe('who may reply to the customer (canReply)', () => {
  it('the assigned agent may reply', () => {
    expect(canReply(assignedToAnna, assignedAgent)).toEqual({ ok: true, value: undefined })
  })

  it('a plain agent may reply once the conversation is assigned to them', () => {
    expect(canReply(conversation({ assigneeId: plainAgent.id }), plainAgent).ok).toBe(true)
  })

  it.each<[string, Actor]>([
    ['a support agent', supportAgent],
    ['an admin', admin],
  ])('%s must first assign an unassigned conversation to themselves (NOT_ASSIGNED)', (_, agent) => {
    const result = canReply(conversation(), agent)
    expect(outcome(result)).toBe('NOT_ASSIGNED')
    expect(result.ok || result.error.message).toMatch(/assign/i)
  })

  it.each<[string, Actor]>([
    ['another support agent', otherAgent],
    ['an admin', admin],
    ['an agent who follows it', { ...plainAgent, id: 'follower' }],
  ])('%s may not reply in a conversation assigned to someone else (NOT_ASSIGNED)', (_, agent) => {
    const followed = conversation({ assigneeId: assignedAgent.id, memberIds: ['follower'] })
    expect(outcome(canReply(followed, agent))).toBe('NOT_ASSIGNED')
  })

  it('a plain agent who is not part of a customer conversation cannot even see it (NOT_VISIBLE)', () => {
    expect(outcome(canReply(conversation(), plainAgent))).toBe('NOT_VISIBLE')
  })

  it.each(customersAndSystem)('%s cannot reply from the inbox (AGENTS_ONLY)', (_, actor) => {
    expect(outcome(canReply(assignedToAnna, actor))).toBe('AGENTS_ONLY')
  })

  it('the assignee must reopen a closed ticket before replying (TICKET_CLOSED)', () => {
    const closedTicket = conversation({ assigneeId: assignedAgent.id, status: 'closed', ticket: ticket() })
    expect(outcome(canReply(closedTicket, assignedAgent))).toBe('TICKET_CLOSED')
  })

  it('the assignee may reply in an open ticket and in a closed plain chat', () => {
    expect(canReply(conversation({ assigneeId: assignedAgent.id, ticket: ticket() }), assignedAgent).ok).toBe(
      true,
    )
    expect(canReply(conversation({ assigneeId: assignedAgent.id, status: 'closed' }), assignedAgent).ok).toBe(
      true,
    )
  })

  it('the assignee cannot reply in a conversation that is in Trash', () => {
    expect(
      outcome(canReply(conversation({ assigneeId: assignedAgent.id, trashed: true }), assignedAgent)),
    ).toBe('NOT_VISIBLE')
  })

  it('participants of an internal conversation may write without anyone being assigned', () => {
    expect(canReply(internalConversation(), plainAgent).ok).toBe(true)
    expect(canReply(internalConversation(), otherAgent).ok).toBe(true)
  })

  it('agents outside an internal conversation cannot write in it', () => {
    expect(outcome(canReply(internalConversation(), admin))).toBe('NOT_VISIBLE')
  })
})

describe('who may leave an internal note (canNote)', () => {
  it.each<[string, Actor]>([
    ['an admin', admin],
    ['a support agent who is not assigned', supportAgent],
    ['the assigned agent', assignedAgent],
    ['another agent', otherAgent],
  ])('%s who sees the conversation may add a note', (_, agent) => {
    expect(canNote(assignedToAnna, agent).ok).toBe(true)
  })

  it('a plain agent may note in a conversation they follow, but not in one they are not part of', () => {
    expect(canNote(conversation({ memberIds: [plainAgent.id] }), plainAgent).ok).toBe(true)
    expect(outcome(canNote(conversation(), plainAgent))).toBe('NOT_VISIBLE')
  })

  it('agents may note in a closed ticket', () => {
    expect(canNote(conversation({ status: 'closed', ticket: ticket() }), supportAgent).ok).toBe(true)
  })

  it('participants may note in an internal conversation, outsiders may not', () => {
    expect(canNote(internalConversation(), otherAgent).ok).toBe(true)
    expect(outcome(canNote(internalConversation(), supportAgent))).toBe('NOT_VISIBLE')
  })

  it('only admins may note in a conversation in Trash', () => {
    const trashed = conversation({ trashed: true })
    expect(canNote(trashed, admin).ok).toBe(true)
    expect(outcome(canNote(trashed, supportAgent))).toBe('NOT_VISIBLE')
  })

  it.each(customersAndSystem)('%s may not write notes (AGENTS_ONLY)', (_, actor) => {
    expect(outcome(canNote(assignedToAnna, actor))).toBe('AGENTS_ONLY')
  })
})

describe('starting a conversation (canStartConversation)', () => {
  it('a customer may start a conversation', () => {
    expect(canStartConversation(customer).ok).toBe(true)
  })

  it('a blocked contact cannot start a conversation (CONTACT_BLOCKED)', () => {
    expect(outcome(canStartConversation(blockedCustomer))).toBe('CONTACT_BLOCKED')
  })

  it.each<[string, Actor]>([
    ['an admin', admin],
    ['a support agent', supportAgent],
    ['the system', system],
  ])('%s does not start customer conversations (CUSTOMERS_ONLY)', (_, actor) => {
    expect(outcome(canStartConversation(actor))).toBe('CUSTOMERS_ONLY')
  })
})

describe("a customer's new message (customerPost)", () => {
  it('is accepted in an open chat without reopening anything', () => {
    expect(customerPost(conversation(), customer)).toEqual({ ok: true, value: { reopens: false } })
  })

  it('is accepted in an open ticket', () => {
    expect(customerPost(conversation({ ticket: ticket() }), customer)).toEqual({
      ok: true,
      value: { reopens: false },
    })
  })

  it('reopens a closed plain live chat', () => {
    expect(customerPost(conversation({ status: 'closed' }), customer)).toEqual({
      ok: true,
      value: { reopens: true },
    })
  })

  it('is refused in a closed ticket and points to a new conversation (TICKET_CLOSED)', () => {
    const result = customerPost(conversation({ status: 'closed', ticket: ticket() }), customer)
    expect(outcome(result)).toBe('TICKET_CLOSED')
    expect(result.ok || result.error.message).toMatch(/new conversation/i)
  })

  it.each([
    ['an open chat', conversation()],
    ['a closed chat', conversation({ status: 'closed' })],
    ['an open ticket', conversation({ ticket: ticket() })],
  ])('from a blocked contact is refused in %s (CONTACT_BLOCKED)', (_, target) => {
    expect(outcome(customerPost(target, blockedCustomer))).toBe('CONTACT_BLOCKED')
  })

  it("is refused in another customer's conversation (NOT_VISIBLE)", () => {
    expect(outcome(customerPost(conversation(), anotherCustomer))).toBe('NOT_VISIBLE')
  })

  it('is refused in a conversation in Trash and in internal conversations (NOT_VISIBLE)', () => {
    expect(outcome(customerPost(conversation({ trashed: true }), customer))).toBe('NOT_VISIBLE')
    expect(outcome(customerPost(internalConversation({ contactId: customer.contactId }), customer))).toBe(
      'NOT_VISIBLE',
    )
  })

  it.each<[string, Actor]>([
    ['an admin', admin],
    ['the assigned agent', assignedAgent],
    ['the system', system],
  ])('is only for the customer: %s is refused (CUSTOMERS_ONLY)', (_, actor) => {
    expect(outcome(customerPost(assignedToAnna, actor))).toBe('CUSTOMERS_ONLY')
  })

  it('the messenger offers the composer exactly when the customer may post', () => {
    expect(customerCanPost(conversation(), customer)).toBe(true)
    expect(customerCanPost(conversation({ status: 'closed' }), customer)).toBe(true)
    expect(customerCanPost(conversation({ status: 'closed', ticket: ticket() }), customer)).toBe(false)
    expect(customerCanPost(conversation(), blockedCustomer)).toBe(false)
    expect(customerCanPost(conversation(), anotherCustomer)).toBe(false)
    expect(customerCanPost(conversation(), assignedAgent)).toBe(false)
  })
})

describe('closing and reopening (changeStatus)', () => {
  it.each([
    ['closing an open conversation closes it', 'open', 'close', 'closed', 'closed'],
    ['reopening a closed conversation opens it', 'closed', 'reopen', 'open', 'reopened'],
  ] as const)('%s', (_, from, action, to, eventType) => {
    expect(changeStatus(conversation({ status: from }), action, supportAgent)).toEqual({
      ok: true,
      value: { status: to, event: { type: eventType } },
    })
  })

  it.each([
    ['closing a closed conversation', 'closed', 'close'],
    ['reopening an open conversation', 'open', 'reopen'],
  ] as const)('%s is refused (ALREADY_IN_STATE)', (_, from, action) => {
    const result = changeStatus(conversation({ status: from }), action, supportAgent)
    expect(outcome(result)).toBe('ALREADY_IN_STATE')
    expect(result.ok || result.error.message).toContain(from)
  })

  it('an agent may reopen a closed ticket', () => {
    const closedTicket = conversation({ status: 'closed', ticket: ticket(), assigneeId: assignedAgent.id })
    expect(changeStatus(closedTicket, 'reopen', assignedAgent)).toMatchObject({
      ok: true,
      value: { status: 'open' },
    })
  })

  it('any agent who sees the conversation may close it, not only the assignee', () => {
    expect(changeStatus(assignedToAnna, 'close', otherAgent).ok).toBe(true)
    expect(changeStatus(assignedToAnna, 'close', admin).ok).toBe(true)
  })

  it('the system may close a conversation', () => {
    expect(changeStatus(conversation(), 'close', system).ok).toBe(true)
  })

  it.each(customers)('%s cannot change the status (AGENTS_ONLY)', (_, actor) => {
    expect(outcome(changeStatus(conversation(), 'close', actor))).toBe('AGENTS_ONLY')
  })

  it('an agent who cannot see the conversation cannot change its status (NOT_VISIBLE)', () => {
    expect(outcome(changeStatus(conversation(), 'close', plainAgent))).toBe('NOT_VISIBLE')
    expect(outcome(changeStatus(internalConversation(), 'close', admin))).toBe('NOT_VISIBLE')
  })

  it('an agent may close without telling the customer: the event stays among agents (rule 14)', () => {
    expect(changeStatus(conversation(), 'close', supportAgent, { notifyCustomer: false })).toEqual({
      ok: true,
      value: { status: 'closed', event: { type: 'closed', quietly: true } },
    })
    expect(changeStatus(conversation(), 'close', supportAgent, { notifyCustomer: true })).toMatchObject({
      value: { event: { type: 'closed' } },
    })
  })

  it('participants may close and reopen an internal conversation', () => {
    expect(changeStatus(internalConversation(), 'close', otherAgent).ok).toBe(true)
    expect(changeStatus(internalConversation({ status: 'closed' }), 'reopen', plainAgent).ok).toBe(true)
  })
})

describe('assigning (assign)', () => {
  const anna = { id: assignedAgent.id, name: 'Anna' }
  const otto = { id: otherAgent.id, name: 'Otto' }

  it('"Assign to me" assigns the conversation and tells the customer who joined', () => {
    expect(assign(conversation(), assignedAgent, anna)).toEqual({
      ok: true,
      value: { assigneeId: 'anna', event: { type: 'assigned', agentName: 'Anna' } },
    })
  })

  it('an agent may hand a conversation over to another agent', () => {
    expect(assign(assignedToAnna, assignedAgent, otto)).toEqual({
      ok: true,
      value: { assigneeId: 'otto', event: { type: 'assigned', agentName: 'Otto' } },
    })
  })

  it('an admin may assign a conversation to someone else', () => {
    expect(assign(conversation(), admin, otto)).toMatchObject({ ok: true, value: { assigneeId: 'otto' } })
  })

  it('unassigning clears the assignee', () => {
    expect(assign(assignedToAnna, assignedAgent, null)).toEqual({
      ok: true,
      value: { assigneeId: null, event: { type: 'unassigned' } },
    })
  })

  it('assigning to the current assignee is refused and names them (ALREADY_IN_STATE)', () => {
    const result = assign(assignedToAnna, otherAgent, anna)
    expect(outcome(result)).toBe('ALREADY_IN_STATE')
    expect(result.ok || result.error.message).toBe('Already assigned to Anna.')
  })

  it('unassigning an unassigned conversation is refused (ALREADY_IN_STATE)', () => {
    const result = assign(conversation(), supportAgent, null)
    expect(outcome(result)).toBe('ALREADY_IN_STATE')
    expect(result.ok || result.error.message).toBe('Already unassigned.')
  })

  it('the system may assign, e.g. when a ticket offer is accepted', () => {
    expect(assign(conversation(), system, anna).ok).toBe(true)
  })

  it.each(customers)('%s cannot assign (AGENTS_ONLY)', (_, actor) => {
    expect(outcome(assign(conversation(), actor, anna))).toBe('AGENTS_ONLY')
  })

  it('a plain agent cannot take a conversation they cannot see (NOT_VISIBLE)', () => {
    expect(outcome(assign(conversation(), plainAgent, { id: plainAgent.id, name: 'Paula' }))).toBe(
      'NOT_VISIBLE',
    )
  })

  it('a conversation in Trash cannot be assigned by a non-admin (NOT_VISIBLE)', () => {
    expect(outcome(assign(conversation({ trashed: true }), supportAgent, anna))).toBe('NOT_VISIBLE')
  })

  it('internal conversations are not assigned (INTERNAL_CONVERSATION)', () => {
    expect(outcome(assign(internalConversation(), otherAgent, otto))).toBe('INTERNAL_CONVERSATION')
  })
})

describe('creating a ticket (createTicket)', () => {
  const draft = { title: '  Refund for order 1001 \n', type: 'task', priority: 'high' } as const

  it('promotes the conversation to a ticket with the next number and a trimmed title', () => {
    expect(createTicket(assignedToAnna, assignedAgent, draft, 7)).toEqual({
      ok: true,
      value: {
        ticket: { number: 7, title: 'Refund for order 1001', type: 'task', priority: 'high' },
        event: { type: 'ticket_created', number: 7, title: 'Refund for order 1001' },
      },
    })
  })

  it('any agent who sees the conversation may create the ticket', () => {
    expect(createTicket(conversation(), supportAgent, draft, 1).ok).toBe(true)
    expect(createTicket(conversation({ memberIds: [plainAgent.id] }), plainAgent, draft, 1).ok).toBe(true)
  })

  it('leaves the draft untouched', () => {
    const mine = { ...draft }
    createTicket(conversation(), supportAgent, mine, 1)
    expect(mine).toEqual(draft)
  })

  it('refuses a conversation that already is a ticket and names its number (ALREADY_A_TICKET)', () => {
    const result = createTicket(conversation({ ticket: ticket({ number: 42 }) }), supportAgent, draft, 43)
    expect(outcome(result)).toBe('ALREADY_A_TICKET')
    expect(result.ok || result.error.message).toContain('#42')
  })

  it('internal conversations do not become tickets (INTERNAL_CONVERSATION)', () => {
    expect(outcome(createTicket(internalConversation(), otherAgent, draft, 1))).toBe('INTERNAL_CONVERSATION')
  })

  it('an agent who cannot see the conversation cannot make it a ticket (NOT_VISIBLE)', () => {
    expect(outcome(createTicket(conversation(), plainAgent, draft, 1))).toBe('NOT_VISIBLE')
  })

  it.each<[string, Actor]>([
    ['the customer', customer],
    ['the system', system],
  ])('%s cannot create tickets (AGENTS_ONLY)', (_, actor) => {
    expect(outcome(createTicket(conversation(), actor, draft, 1))).toBe('AGENTS_ONLY')
  })
})

describe('linking into an existing ticket (linkToTicket)', () => {
  const existingTicket = conversation({ contactId: 'c-9', ticket: ticket() })

  it('links a customer conversation into a ticket: the customer is told which, the team sees it in the ticket', () => {
    const linked = linkToTicket(conversation(), existingTicket, supportAgent)
    expect(linked.ok && linked.value.event).toEqual({
      type: 'linked_to_ticket',
      number: existingTicket.ticket!.number,
      title: existingTicket.ticket!.title,
    })
    expect(linked.ok && systemEventVisibility(linked.value.event)).toBe('public')
    expect(linked.ok && systemEventVisibility(linked.value.ticketEvent)).toBe('internal')
  })

  it('refuses a ticket into another ticket or itself (ALREADY_A_TICKET), and the same link twice', () => {
    const link = { sameConversation: false, alreadyLinked: false }
    expect(outcome(linkToTicket(conversation({ ticket: ticket() }), existingTicket, supportAgent))).toBe(
      'ALREADY_A_TICKET',
    )
    expect(
      outcome(
        linkToTicket(existingTicket, existingTicket, supportAgent, { ...link, sameConversation: true }),
      ),
    ).toBe('ALREADY_A_TICKET')
    expect(
      outcome(linkToTicket(conversation(), existingTicket, supportAgent, { ...link, alreadyLinked: true })),
    ).toBe('ALREADY_IN_STATE')
    expect(outcome(linkToTicket(conversation({ trashed: true }), existingTicket, admin))).toBe('IN_TRASH')
  })

  it('refuses a target that is not a ticket (NOT_A_TICKET)', () => {
    expect(outcome(linkToTicket(conversation(), conversation({ contactId: 'c-9' }), supportAgent))).toBe(
      'NOT_A_TICKET',
    )
  })

  it('refuses to link an internal conversation (INTERNAL_CONVERSATION)', () => {
    const internal = internalConversation({ memberIds: [supportAgent.id] })
    expect(outcome(linkToTicket(internal, existingTicket, supportAgent))).toBe('INTERNAL_CONVERSATION')
  })

  it('refuses when the agent cannot see the conversation or the ticket (NOT_VISIBLE)', () => {
    const plainsOwn = conversation({ createdById: plainAgent.id })
    expect(outcome(linkToTicket(plainsOwn, existingTicket, plainAgent))).toBe('NOT_VISIBLE')
    expect(outcome(linkToTicket(existingTicket, plainsOwn, plainAgent))).toBe('NOT_VISIBLE')
    expect(
      outcome(linkToTicket(conversation(), conversation({ ticket: ticket(), trashed: true }), supportAgent)),
    ).toBe('NOT_VISIBLE')
  })

  it.each<[string, Actor]>([
    ['the customer', customer],
    ['the system', system],
  ])('%s cannot link conversations (AGENTS_ONLY)', (_, actor) => {
    expect(outcome(linkToTicket(conversation(), existingTicket, actor))).toBe('AGENTS_ONLY')
  })
})

describe('Trash (trash and restore)', () => {
  it.each<[string, Actor]>([
    ['an admin', admin],
    ['a support agent', supportAgent],
    ['the assigned agent', assignedAgent],
  ])('%s who sees a conversation may move it to Trash', (_, agent) => {
    expect(trash(assignedToAnna, agent).ok).toBe(true)
  })

  it('an agent cannot delete a conversation they cannot see (NOT_VISIBLE)', () => {
    expect(outcome(trash(conversation(), plainAgent))).toBe('NOT_VISIBLE')
    expect(outcome(trash(internalConversation(), admin))).toBe('NOT_VISIBLE')
  })

  it('an admin is told a conversation is already in Trash (ALREADY_IN_STATE)', () => {
    expect(outcome(trash(conversation({ trashed: true }), admin))).toBe('ALREADY_IN_STATE')
  })

  it('a non-admin does not learn that a conversation is in Trash (NOT_VISIBLE)', () => {
    const trashed = conversation({ trashed: true, assigneeId: assignedAgent.id })
    expect(outcome(trash(trashed, assignedAgent))).toBe('NOT_VISIBLE')
    expect(outcome(trash(trashed, plainAgent))).toBe('NOT_VISIBLE')
  })

  it.each<[string, Actor]>([
    ['the customer', customer],
    ['the system', system],
  ])('%s cannot delete conversations (AGENTS_ONLY)', (_, actor) => {
    expect(outcome(trash(conversation(), actor))).toBe('AGENTS_ONLY')
  })

  it('a conversation in Trash takes no reply, not even from its admin assignee, until restored (IN_TRASH)', () => {
    const trashed = conversation({ trashed: true, assigneeId: admin.id })
    expect(outcome(canReply(trashed, admin))).toBe('IN_TRASH')
    // Everyone else still does not learn it is there.
    expect(outcome(canReply(trashed, supportAgent))).toBe('NOT_VISIBLE')
  })

  it.each<[string, Actor, string]>([
    ['an admin', admin, 'ok'],
    ['a support agent', supportAgent, 'ADMIN_ONLY'],
    ['the customer', customer, 'ADMIN_ONLY'],
  ])('Trash is seen by admins only: %s → %s', (_, actor, expected) => {
    expect(outcome(canSeeTrash(actor))).toBe(expected)
  })

  it('an admin restores a conversation from Trash', () => {
    expect(restore(conversation({ trashed: true }), admin)).toEqual({ ok: true, value: undefined })
  })

  it('an admin cannot restore a conversation that is not in Trash (ALREADY_IN_STATE)', () => {
    expect(outcome(restore(conversation(), admin))).toBe('ALREADY_IN_STATE')
  })

  it.each<[string, Actor]>([
    ['a support agent', supportAgent],
    ['a plain agent', plainAgent],
    ['the assigned agent', assignedAgent],
    ['the customer', customer],
    ['the system', system],
  ])('only an admin restores: %s is refused (ADMIN_ONLY)', (_, actor) => {
    const trashed = conversation({ trashed: true, assigneeId: assignedAgent.id })
    expect(outcome(restore(trashed, actor))).toBe('ADMIN_ONLY')
  })
})

describe('adding participants (addParticipant)', () => {
  it('a participant may add another agent to an internal conversation', () => {
    expect(addParticipant(internalConversation(), plainAgent, { kind: 'agent' }).ok).toBe(true)
  })

  it('customers cannot be added to an internal conversation (INTERNAL_CONVERSATION)', () => {
    expect(outcome(addParticipant(internalConversation(), plainAgent, { kind: 'customer' }))).toBe(
      'INTERNAL_CONVERSATION',
    )
  })

  it('agents may be added to a customer conversation', () => {
    expect(addParticipant(conversation(), supportAgent, { kind: 'agent' }).ok).toBe(true)
  })

  it('an agent outside an internal conversation cannot add anyone to it (NOT_VISIBLE)', () => {
    expect(outcome(addParticipant(internalConversation(), admin, { kind: 'agent' }))).toBe('NOT_VISIBLE')
  })

  it.each<[string, Actor]>([
    ['the customer', customer],
    ['the system', system],
  ])('%s cannot add participants (AGENTS_ONLY)', (_, actor) => {
    expect(outcome(addParticipant(conversation(), actor, { kind: 'agent' }))).toBe('AGENTS_ONLY')
  })
})

describe("a newcomer with a blocked contact's email (startsBlocked)", () => {
  it('is blocked from the start when a blocked contact has that email (rule 7, by any channel)', () => {
    expect(startsBlocked('sam@example.com', 1)).toBe(true)
  })

  it('starts unblocked with an email nobody blocked has, or with none', () => {
    expect(startsBlocked('sam@example.com', 0)).toBe(false)
    expect(startsBlocked(null, 0)).toBe(false)
  })
})

describe('routing to a team queue (assignTeam)', () => {
  const billing = { id: 'billing', name: 'Billing' }
  const sales = { id: 'sales', name: 'Sales' }
  const inBilling = conversation({ teamId: 'billing' })

  it("hands the conversation to the team: whoever had it lets go, and the customer isn't told", () => {
    expect(assignTeam(assignedToAnna, supportAgent, billing)).toEqual({
      ok: true,
      value: { teamId: 'billing', assigneeId: null, event: { type: 'team_assigned', teamName: 'Billing' } },
    })
  })

  it('out of every queue keeps the assignee', () => {
    expect(assignTeam({ ...assignedToAnna, teamId: 'billing' }, supportAgent, null)).toEqual({
      ok: true,
      value: { teamId: null, assigneeId: 'anna', event: { type: 'team_unassigned' } },
    })
  })

  it("the team's members see it and find it in their team section, though they do not handle customers", () => {
    expect(canView(inBilling, billingAgent).ok).toBe(true)
    expect(isInSection(inBilling, billingAgent, 'team')).toBe(true)
    expect(isInSection(inBilling, billingAgent, 'customers')).toBe(false)
    expect(outcome(canView(conversation({ teamId: 'sales' }), billingAgent))).toBe('NOT_VISIBLE')
    expect(isInSection(conversation({ teamId: 'sales' }), supportAgent, 'team')).toBe(false)
  })

  it('any member may take it, and then reply (rule 2 still asks for the assignee)', () => {
    expect(outcome(canReply(inBilling, billingAgent))).toBe('NOT_ASSIGNED')
    expect(canNote(inBilling, billingAgent).ok).toBe(true)
    const taken = assign(inBilling, billingAgent, { id: billingAgent.id, name: 'Bill' })
    expect(taken).toMatchObject({ ok: true, value: { assigneeId: 'bill', event: { type: 'assigned' } } })
    expect(canReply({ ...inBilling, assigneeId: billingAgent.id }, billingAgent).ok).toBe(true)
  })

  it('a member stops seeing it when it moves to another team, unless it is theirs', () => {
    expect(outcome(canView(conversation({ teamId: 'sales' }), billingAgent))).toBe('NOT_VISIBLE')
    expect(canView(conversation({ teamId: 'sales', assigneeId: 'bill' }), billingAgent).ok).toBe(true)
  })

  it('a trashed team conversation is in no section', () => {
    expect(isInSection(conversation({ teamId: 'billing', trashed: true }), billingAgent, 'team')).toBe(false)
  })

  it.each([
    ['into the queue it is in', inBilling, billing, 'Already in the queue of Billing.'],
    ['out of queues when in none', conversation(), null, 'Already in no team.'],
  ] as const)('routing %s is refused (ALREADY_IN_STATE)', (_, facts, team, message) => {
    const result = assignTeam(facts, supportAgent, team)
    expect(outcome(result)).toBe('ALREADY_IN_STATE')
    expect(result.ok || result.error.message).toBe(message)
  })

  it.each(customers)('%s cannot route (AGENTS_ONLY)', (_, actor) => {
    expect(outcome(assignTeam(conversation(), actor, sales))).toBe('AGENTS_ONLY')
  })

  it('an agent who cannot see it cannot route it (NOT_VISIBLE), nor route internal ones', () => {
    expect(outcome(assignTeam(conversation(), plainAgent, sales))).toBe('NOT_VISIBLE')
    expect(outcome(assignTeam(internalConversation(), otherAgent, sales))).toBe('INTERNAL_CONVERSATION')
  })
})

describe("changing a ticket's details (changeTicket)", () => {
  const before = ticket({ number: 7, title: 'Refund', type: 'ticket', priority: 'normal' })
  const draft = { title: 'Refund', type: 'ticket', priority: 'normal' } as const

  it("makes one system event per changed detail; only the new title is the customer's news", () => {
    const result = changeTicket(conversation({ ticket: before }), supportAgent, {
      title: '  Refund for order 1001 ',
      type: 'task',
      priority: 'urgent',
    })
    expect(result).toEqual({
      ok: true,
      value: {
        ticket: { number: 7, title: 'Refund for order 1001', type: 'task', priority: 'urgent' },
        events: [
          { type: 'ticket_renamed', title: 'Refund for order 1001' },
          { type: 'ticket_prioritised', priority: 'urgent' },
          { type: 'ticket_retyped', ticketType: 'task' },
        ],
      },
    })
    const events = result.ok ? result.value.events : []
    expect(events.map(systemEventVisibility)).toEqual(['public', 'internal', 'internal'])
  })

  it('changes only what differs, and refuses the same details again (ALREADY_IN_STATE)', () => {
    const result = changeTicket(conversation({ ticket: before }), supportAgent, {
      ...draft,
      priority: 'high',
    })
    expect(result.ok && result.value.events).toEqual([{ type: 'ticket_prioritised', priority: 'high' }])
    expect(
      outcome(changeTicket(conversation({ ticket: before }), supportAgent, { ...draft, title: ' Refund ' })),
    ).toBe('ALREADY_IN_STATE')
  })

  it.each<[string, Actor, string]>([
    ['a customer', customer, 'AGENTS_ONLY'],
    ['an agent who may not see it', plainAgent, 'NOT_VISIBLE'],
  ])('is refused to %s (%s)', (_, actor, code) => {
    expect(outcome(changeTicket(conversation({ ticket: before }), actor, draft))).toBe(code)
  })

  it('refuses a conversation that is no ticket, and one in Trash', () => {
    expect(outcome(changeTicket(conversation(), supportAgent, draft))).toBe('NOT_A_TICKET')
    expect(outcome(changeTicket(conversation({ ticket: before, trashed: true }), admin, draft))).toBe(
      'IN_TRASH',
    )
  })
})

describe('following a conversation (follow and unfollow)', () => {
  /** Followed by Paula, who is in no way part of it otherwise. */
  const followedByPaula = conversation({ memberIds: [plainAgent.id], followerIds: [plainAgent.id] })

  it.each<[string, Actor, ConversationFacts]>([
    ['a support agent', supportAgent, conversation()],
    ['a member of the team whose queue it is in', billingAgent, conversation({ teamId: 'billing' })],
    ['an agent who took part in it', plainAgent, conversation({ memberIds: [plainAgent.id] })],
    ['its assignee', assignedAgent, assignedToAnna],
    ['an admin, of a closed ticket', admin, conversation({ status: 'closed', ticket: ticket() })],
  ])('%s who sees it may follow it', (_, agent, facts) => {
    expect(outcome(follow(facts, agent))).toBe('ok')
  })

  it('puts it under "My conversations" and tells the agent apart from its participants', () => {
    expect(isMine(followedByPaula, plainAgent.id)).toBe(true)
    expect(isInSection(followedByPaula, plainAgent, 'mine')).toBe(true)
    expect(isFollowing(followedByPaula, plainAgent.id)).toBe(true)
    expect(isFollowing(conversation({ memberIds: [plainAgent.id] }), plainAgent.id)).toBe(false)
  })

  it('the follower may unfollow it', () => {
    expect(outcome(unfollow(followedByPaula, plainAgent))).toBe('ok')
  })

  it('following twice, or unfollowing what one does not follow, is refused (ALREADY_IN_STATE)', () => {
    expect(outcome(follow(followedByPaula, plainAgent))).toBe('ALREADY_IN_STATE')
    expect(outcome(unfollow(conversation(), supportAgent))).toBe('ALREADY_IN_STATE')
    // Taking part is not following: there is nothing to unfollow.
    expect(outcome(unfollow(conversation({ memberIds: [plainAgent.id] }), plainAgent))).toBe(
      'ALREADY_IN_STATE',
    )
  })

  it('an agent who cannot see it can neither follow nor unfollow it (NOT_VISIBLE)', () => {
    expect(outcome(follow(conversation(), plainAgent))).toBe('NOT_VISIBLE')
    expect(outcome(follow(conversation({ teamId: 'sales' }), billingAgent))).toBe('NOT_VISIBLE')
    expect(outcome(unfollow(conversation(), plainAgent))).toBe('NOT_VISIBLE')
  })

  it('in Trash: an admin is told to restore it first (IN_TRASH), everyone else does not learn it is there', () => {
    const trashed = conversation({ trashed: true, memberIds: [admin.id, plainAgent.id] })
    expect(outcome(follow(trashed, admin))).toBe('IN_TRASH')
    expect(outcome(unfollow({ ...trashed, followerIds: [admin.id] }, admin))).toBe('IN_TRASH')
    expect(outcome(follow(trashed, plainAgent))).toBe('NOT_VISIBLE')
  })

  it('internal conversations are not followed: unfollowing would shut a member out (INTERNAL_CONVERSATION)', () => {
    expect(outcome(follow(internalConversation(), otherAgent))).toBe('INTERNAL_CONVERSATION')
    expect(outcome(unfollow(internalConversation(), plainAgent))).toBe('INTERNAL_CONVERSATION')
  })

  it.each(customersAndSystem)('%s cannot follow conversations (AGENTS_ONLY)', (_, actor) => {
    expect(outcome(follow(conversation(), actor))).toBe('AGENTS_ONLY')
    expect(outcome(unfollow(followedByPaula, actor))).toBe('AGENTS_ONLY')
  })
})

describe('a conversation with customers started by an agent (startOutboundConversation)', () => {
  const ola = { name: 'Ola', blocked: false }

  it('agents who answer customers start one with any contacts they choose', () => {
    expect(startOutboundConversation(supportAgent, [ola, { name: null, blocked: false }]).ok).toBe(true)
    expect(startOutboundConversation(admin, [ola]).ok).toBe(true)
  })

  it('an agent who does not answer customers cannot (they do not see contacts either)', () => {
    expect(outcome(startOutboundConversation(plainAgent, [ola]))).toBe('NOT_VISIBLE')
  })

  it.each(customersAndSystem)('%s cannot start one (AGENTS_ONLY)', (_, actor) => {
    expect(outcome(startOutboundConversation(actor, [ola]))).toBe('AGENTS_ONLY')
  })

  it('a blocked contact gets none, and the refusal names them (rule 7)', () => {
    const refused = startOutboundConversation(supportAgent, [ola, { name: 'Mallory', blocked: true }])
    expect(outcome(refused)).toBe('CONTACT_BLOCKED')
    expect(refused.ok ? '' : refused.error.message).toContain('Mallory')
  })

  it('needs at least one contact', () => {
    expect(outcome(startOutboundConversation(supportAgent, []))).toBe('INVALID_TRANSITION')
  })
})

describe("a customer's new conversation after a closed ticket (followUpTicket)", () => {
  const closedTicket = conversation({ status: 'closed', ticket: ticket() })

  it('continues the closed ticket: the customer is told which, the team sees it in the ticket', () => {
    const followed = followUpTicket(closedTicket, customer)
    expect(followed.ok && followed.value.event).toEqual({
      type: 'follows_up',
      number: closedTicket.ticket!.number,
      title: closedTicket.ticket!.title,
    })
    expect(followed.ok && systemEventVisibility(followed.value.event)).toBe('public')
    expect(followed.ok && systemEventVisibility(followed.value.ticketEvent)).toBe('internal')
  })

  it("refuses another customer's ticket (NOT_VISIBLE) and a blocked customer (CONTACT_BLOCKED)", () => {
    expect(outcome(followUpTicket(closedTicket, anotherCustomer))).toBe('NOT_VISIBLE')
    expect(outcome(followUpTicket(closedTicket, blockedCustomer))).toBe('CONTACT_BLOCKED')
    expect(
      outcome(followUpTicket(conversation({ status: 'closed', ticket: ticket(), trashed: true }), customer)),
    ).toBe('NOT_VISIBLE')
  })

  it('refuses an open ticket (write in it) and a plain chat (it reopens instead)', () => {
    expect(outcome(followUpTicket(conversation({ ticket: ticket() }), customer))).toBe('INVALID_TRANSITION')
    expect(outcome(followUpTicket(conversation({ status: 'closed' }), customer))).toBe('NOT_A_TICKET')
  })

  it.each([['an agent', supportAgent] as const, ['the system', system] as const])(
    '%s does not follow up for the customer (CUSTOMERS_ONLY)',
    (_, actor) => {
      expect(outcome(followUpTicket(closedTicket, actor))).toBe('CUSTOMERS_ONLY')
    },
  )
})
