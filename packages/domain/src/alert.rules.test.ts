import { describe, expect, it } from 'vitest'
import { alertFor, mentions } from './alert.rules.ts'
import { billingAgent, plainAgent, supportAgent, supportConversation } from './test-cast.ts'

const sam = { ...supportAgent, name: 'Sam Stone' }
const bill = { ...billingAgent, name: 'Bill' }
const paula = { ...plainAgent, name: 'Paula' }
const fromCustomer = { authorKind: 'customer', authorId: 'c-1', body: 'Hello?' } as const
const fromColleague = (body: string) => ({ authorKind: 'agent', authorId: 'otto', body }) as const

describe('alerts (alertFor)', () => {
  it('a customer waiting in an open conversation nobody has: a new chat for those who answer customers', () => {
    expect(alertFor(fromCustomer, supportConversation(), sam)).toBe('new_chat')
    expect(alertFor(fromCustomer, supportConversation(), paula)).toBeNull()
  })

  it("in a team's queue, the new chat is for that team's members, not for everyone", () => {
    const inBilling = supportConversation({ teamId: 'billing' })
    expect(alertFor(fromCustomer, inBilling, bill)).toBe('new_chat')
    expect(alertFor(fromCustomer, inBilling, sam)).toBeNull()
  })

  it('anything someone else writes in a conversation assigned to me', () => {
    const mine = supportConversation({ assigneeId: sam.id })
    expect(alertFor(fromCustomer, mine, sam)).toBe('mine')
    expect(alertFor(fromColleague('Noted'), mine, sam)).toBe('mine')
    // Taken by someone else: no longer a new chat for the rest.
    expect(alertFor(fromCustomer, mine, { ...supportAgent, id: 'otto', name: 'Otto' })).toBeNull()
  })

  it('a colleague writing to me in a conversation between agents (rule 8); a mention says more', () => {
    const direct = supportConversation({
      kind: 'internal',
      contactId: null,
      createdById: 'otto',
      memberIds: [paula.id],
    })
    expect(alertFor(fromColleague('Lunch?'), direct, paula)).toBe('direct')
    expect(alertFor(fromColleague('@Paula lunch?'), direct, paula)).toBe('mention')
    expect(alertFor({ ...fromColleague('Mine'), authorId: paula.id }, direct, paula)).toBeNull()
  })

  it('anything a customer or a colleague writes in a conversation I follow', () => {
    const followed = supportConversation({
      assigneeId: 'otto',
      memberIds: [paula.id],
      followerIds: [paula.id],
    })
    expect(alertFor(fromCustomer, followed, paula)).toBe('followed')
    expect(alertFor(fromColleague('Refund sent'), followed, paula)).toBe('followed')
    // Taking part is not following: the assignee's conversation is no news to the others in it.
    expect(alertFor(fromCustomer, { ...followed, followerIds: [] }, paula)).toBeNull()
    // Following my own conversation changes nothing: it is mine, and a mention stays a mention.
    expect(alertFor(fromCustomer, { ...followed, assigneeId: paula.id }, paula)).toBe('mine')
    expect(alertFor(fromColleague('@Paula look'), followed, paula)).toBe('mention')
  })

  it('a colleague naming me, wherever', () => {
    expect(
      alertFor(fromColleague('@Sam can you look?'), supportConversation({ assigneeId: 'otto' }), sam),
    ).toBe('mention')
  })

  it('never for my own messages, system messages, closed or trashed conversations', () => {
    const own = { authorKind: 'agent', authorId: sam.id, body: '@Sam note to self' } as const
    expect(alertFor(own, supportConversation({ assigneeId: sam.id }), sam)).toBeNull()
    expect(
      alertFor({ authorKind: 'system', authorId: null, body: '' }, supportConversation(), sam),
    ).toBeNull()
    expect(alertFor(fromCustomer, supportConversation({ status: 'closed' }), sam)).toBeNull()
    expect(alertFor(fromCustomer, supportConversation({ trashed: true, assigneeId: sam.id }), sam)).toBeNull()
    const followedBySam = supportConversation({ memberIds: [sam.id], followerIds: [sam.id] })
    expect(alertFor({ ...own, body: 'Done' }, followedBySam, sam)).toBeNull()
    expect(alertFor(fromCustomer, { ...followedBySam, trashed: true }, sam)).toBeNull()
  })
})

describe('mentions', () => {
  it.each([
    ['@Sam please', true],
    ['@sam stone, please', true],
    ['ping @Sam.', true],
    ['(@Sam)', true],
    ['@Samantha', false],
    ['sam@example.com', false],
    ['Sam, please', false],
  ])('%s → %s', (body, expected) => {
    expect(mentions(body, 'Sam Stone')).toBe(expected)
  })

  it('works with names beyond ASCII', () => {
    expect(mentions('@Jürgen bitte', 'Jürgen Groß')).toBe(true)
    expect(mentions('@Jürgena', 'Jürgen Groß')).toBe(false)
  })
})
