import { Contact } from '@parley/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// Contacts: what the team knows about a customer (editable), their conversations, and rule 7's block,
// which stops them starting or continuing conversations until unblocked.

let h: Harness
let support: TestAgent
let plain: TestAgent

beforeAll(async () => {
  h = await createHarness()
  support = await h.supportAgent('Sam')
  plain = await h.plainAgent('Pia')
})
afterAll(() => h.close())

const details = (contactId: string) => ({
  contactId,
  name: 'Petra Lind',
  email: 'petra@example.com',
  phone: '+49 (30) 123-456',
  company: 'Lind & Söhne 100%',
  attributes: [
    { key: 'Plan', value: 'Pro' },
    { key: 'plan', value: 'Free' },
    { key: 'Region', value: 'EU' },
  ],
})

describe('contacts', () => {
  it('are edited by support agents, and found by name, email or company in any case, wildcards as typed', async () => {
    const { contactId, conversationId } = await h.customerWithConversation('Hi', 'Petra')
    const sam = await h.asAgent(support)
    const saved = await sam.contacts.saveDetails(details(contactId))
    expect(saved).toMatchObject({
      name: 'Petra Lind',
      email: 'petra@example.com',
      phone: '+49 (30) 123-456',
      company: 'Lind & Söhne 100%',
      attributes: [
        { key: 'Plan', value: 'Pro' },
        { key: 'Region', value: 'EU' },
      ],
    })
    for (const search of ['PETRA', 'petra@example', 'söhne', '100%']) {
      expect((await sam.contacts.list({ search })).map((contact) => contact.id)).toContain(contactId)
    }
    expect((await sam.contacts.list({ search: '10_%' })).map((contact) => contact.id)).not.toContain(
      contactId,
    )
    const { contact, conversations } = await sam.contacts.get({ contactId })
    expect(contact.name).toBe('Petra Lind')
    expect(conversations.map((conversation) => conversation.id)).toEqual([conversationId])
    // The inbox shows the team's name for them from now on.
    const row = (await sam.conversation.list({ section: 'customers', status: 'open' })).find(
      (entry) => entry.id === conversationId,
    )
    expect(row?.contact?.name).toBe('Petra Lind')
  })

  it('bad details are refused with a clear error and change nothing', async () => {
    const { contactId } = await h.customer('Olga')
    const sam = await h.asAgent(support)
    for (const bad of [
      { ...details(contactId), email: 'not an email' },
      { ...details(contactId), phone: 'call me maybe' },
      { ...details(contactId), name: 'x'.repeat(500) },
      {
        ...details(contactId),
        attributes: Array.from({ length: 21 }, (_, n) => ({ key: `k${n}`, value: 'v' })),
      },
      { ...details(contactId), attributes: [{ key: 'a\u0000', value: '\uD800' }] },
    ]) {
      expect((await refusalOf(sam.contacts.saveDetails(bad))).code).toBe('BAD_REQUEST')
    }
    expect(await h.em().findOneOrFail(Contact, { id: contactId })).toMatchObject({
      name: 'Olga',
      phone: null,
    })
    expect((await refusalOf(sam.contacts.get({ contactId: crypto.randomUUID() }))).code).toBe('NOT_FOUND')
  })

  it('are not for agents who do not answer customers, nor for customers', async () => {
    const { contactId, caller: customer } = await h.customer('Quentin')
    const pia = await h.asAgent(plain)
    const before = await h.rowCounts()
    for (const call of [
      () => pia.contacts.list({}),
      () => pia.contacts.get({ contactId }),
      () => pia.contacts.saveDetails(details(contactId)),
      () => pia.contacts.block({ contactId }),
    ]) {
      expect(await refusalOf(call)).toMatchObject({ code: 'NOT_FOUND', domainCode: 'NOT_VISIBLE' })
    }
    for (const caller of [customer, h.anonymous()]) {
      expect((await refusalOf(caller.contacts.block({ contactId }))).code).toBe('UNAUTHORIZED')
    }
    expect(await h.rowCounts()).toEqual(before)
  })
})

describe('blocking a contact (rule 7)', () => {
  it('stops their messages and new conversations, also under a new visitor with their email; unblocking lets them back', async () => {
    const {
      contactId,
      caller: customer,
      conversationId,
    } = await h.customerWithConversation('Buy cheap watches')
    const sam = await h.asAgent(support)
    await sam.contacts.saveDetails({ ...details(contactId), email: 'spam@example.com', attributes: [] })
    expect((await sam.contacts.block({ contactId })).blocked).toBe(true)

    const send = () =>
      customer.customer.send({ conversationId, clientId: crypto.randomUUID(), body: 'Again' })
    expect(await refusalOf(send())).toMatchObject({ code: 'FORBIDDEN', domainCode: 'CONTACT_BLOCKED' })
    expect(
      await refusalOf(
        customer.customer.startConversation({ clientId: crypto.randomUUID(), body: 'New one' }),
      ),
    ).toMatchObject({ domainCode: 'CONTACT_BLOCKED' })
    // A fresh visitor giving the same email is that person again (rule 7 "by any channel").
    const { token } = await h.anonymous().customer.start({ name: 'Innocent', email: 'spam@example.com' })
    expect(
      await refusalOf(
        h.asCustomer(token).customer.startConversation({ clientId: crypto.randomUUID(), body: 'Hi' }),
      ),
    ).toMatchObject({ domainCode: 'CONTACT_BLOCKED' })

    await sam.contacts.unblock({ contactId })
    expect(await send()).toMatchObject({ body: 'Again' })
  })
})
