import { Contact } from '@parley/db'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type Caller, createHarness, type Harness, refusalOf, type TestAgent } from './harness.ts'

// Issue 10, part 1: the chat page's pre-chat form. The admin chooses which fields it asks (name, email,
// phone, a question of their own), each optional or required; a visitor's answers are checked against
// it and fill the new contact.

let h: Harness
let admin: TestAgent
let adminCalls: Caller

beforeAll(async () => {
  h = await createHarness()
  admin = await h.admin('Anna')
  adminCalls = await h.asAgent(admin)
})
afterAll(() => h.close())

const ORDER_QUESTION = 'What is your order number?'
const phoneAndQuestion = {
  fields: [
    { field: 'name' as const, required: false },
    { field: 'phone' as const, required: true },
    { field: 'question' as const, required: true, label: ORDER_QUESTION },
  ],
}

/** As a hand-written request might send it, past the declared types. */
const junk = (value: unknown) => value as never

describe('the admin sets the pre-chat form', () => {
  beforeEach(async () => {
    await adminCalls.team.setPrechat({ fields: [] })
  })

  it('starts as the default form: name and email, both optional', async () => {
    const fresh = await createHarness()
    try {
      const freshAdmin = await fresh.asAgent(await fresh.admin())
      const defaultForm = {
        fields: [
          { field: 'name', required: false },
          { field: 'email', required: false },
        ],
      }
      expect(await freshAdmin.team.prechat()).toEqual(defaultForm)
      expect(await fresh.anonymous().customer.prechat()).toEqual(defaultForm)
    } finally {
      await fresh.close()
    }
  })

  it('saves the fields and the question, and the chat page gets them without signing in', async () => {
    const saved = await adminCalls.team.setPrechat({
      fields: [
        { field: 'name', required: false },
        { field: 'phone', required: true },
        { field: 'question', required: true, label: `  ${ORDER_QUESTION}  ` },
      ],
    })
    expect(saved).toEqual(phoneAndQuestion)
    expect(await adminCalls.team.prechat()).toEqual(phoneAndQuestion)
    expect(await h.anonymous().customer.prechat()).toEqual(phoneAndQuestion)
  })

  it('is refused to agents who are not admins, customers and strangers, and changes nothing', async () => {
    const sam = await h.asAgent(await h.supportAgent('Sam'))
    const customer = await h.customer()
    await adminCalls.team.setPrechat(phoneAndQuestion)
    const before = await h.rowCounts()
    expect(await refusalOf(sam.team.setPrechat({ fields: [] }))).toMatchObject({
      code: 'FORBIDDEN',
      domainCode: 'ADMIN_ONLY',
    })
    expect(await refusalOf(sam.team.prechat())).toMatchObject({ code: 'FORBIDDEN' })
    for (const caller of [customer.caller, h.anonymous()]) {
      expect(await refusalOf(caller.team.setPrechat({ fields: [] }))).toMatchObject({
        code: 'UNAUTHORIZED',
      })
    }
    expect(await h.rowCounts()).toEqual(before)
    expect(await h.anonymous().customer.prechat()).toEqual(phoneAndQuestion)
  })

  it('refuses a field twice, a second question, or a question without its text, naming the rule', async () => {
    await adminCalls.team.setPrechat(phoneAndQuestion)
    const before = await h.rowCounts()
    for (const fields of [
      [
        { field: 'phone' as const, required: true },
        { field: 'phone' as const, required: false },
      ],
      [
        { field: 'question' as const, required: false, label: 'One?' },
        { field: 'question' as const, required: false, label: 'Two?' },
      ],
      [{ field: 'question' as const, required: true }],
      [{ field: 'question' as const, required: true, label: '   ' }],
    ]) {
      expect(await refusalOf(adminCalls.team.setPrechat({ fields }))).toMatchObject({
        code: 'BAD_REQUEST',
        domainCode: 'PRECHAT_INVALID',
      })
    }
    expect(await h.rowCounts()).toEqual(before)
    expect(await adminCalls.team.prechat()).toEqual(phoneAndQuestion)
  })

  it('refuses garbage before it reaches the rules', async () => {
    await adminCalls.team.setPrechat(phoneAndQuestion)
    const setPrechat = adminCalls.team.setPrechat as never as (input: unknown) => Promise<unknown>
    for (const input of [
      undefined,
      {},
      { fields: 'name' },
      { fields: [{ field: 'address', required: true }] },
      { fields: [{ field: 'phone', required: 'yes' }] },
      { fields: [{ field: 'phone' }] },
      { fields: [{ field: 'question', required: true, label: 'q'.repeat(201) }] },
      { fields: [{ field: 'question', required: true, label: 42 }] },
      { fields: [{ field: 'question', required: true, label: 'Half an emoji \uD800' }] },
      { fields: Array.from({ length: 5 }, () => ({ field: 'name', required: false })) },
    ]) {
      const refusal = await refusalOf(() => setPrechat(input))
      expect(refusal.code).toBe('BAD_REQUEST')
      // A sentence a person can read, never a serialised list of validator issues.
      expect(refusal.message).not.toMatch(/^\s*[[{]/)
    }
    expect(await adminCalls.team.prechat()).toEqual(phoneAndQuestion)
  })
})

describe('a first-time visitor answers the form', () => {
  beforeAll(async () => {
    await adminCalls.team.setPrechat(phoneAndQuestion)
  })

  it('without a required field is refused, naming the field, and nothing is stored', async () => {
    const before = await h.rowCounts()
    const anonymous = h.anonymous()
    const noPhone = await refusalOf(anonymous.customer.start({ name: 'Zoë', answer: 'A-1042' }))
    expect(noPhone).toMatchObject({
      code: 'BAD_REQUEST',
      domainCode: 'PRECHAT_REQUIRED',
      message: 'Please give your phone number.',
      fieldErrors: { phone: ['Please give your phone number.'] },
    })
    const blankAnswer = await refusalOf(anonymous.customer.start({ phone: '+49 30 1234567', answer: '   ' }))
    expect(blankAnswer).toMatchObject({
      domainCode: 'PRECHAT_REQUIRED',
      message: `Please answer the question "${ORDER_QUESTION}".`,
      fieldErrors: { answer: [`Please answer the question "${ORDER_QUESTION}".`] },
    })
    expect(await h.rowCounts()).toEqual(before)
  })

  it('fills the new contact: name, phone, and the answer among its fields under the question', async () => {
    const { token, contact } = await h.anonymous().customer.start({
      name: '  Zoë  ',
      phone: ' +49 30 1234567 ',
      answer: '  A-1042 ',
    })
    expect(contact).toMatchObject({ name: 'Zoë', email: null, blocked: false })
    const stored = await h.em().findOneOrFail(Contact, { id: contact.id })
    expect(stored).toMatchObject({
      name: 'Zoë',
      phone: '+49 30 1234567',
      attributes: [{ key: ORDER_QUESTION, value: 'A-1042' }],
    })
    // The team sees them in the contact's details beside the thread.
    expect(await adminCalls.contacts.get({ contactId: contact.id })).toMatchObject({
      contact: { phone: '+49 30 1234567', attributes: [{ key: ORDER_QUESTION, value: 'A-1042' }] },
    })
    // And the visitor is in: the token opens their own chat.
    expect(await h.asCustomer(token).customer.me()).toMatchObject({ id: contact.id, name: 'Zoë' })
  })

  it('with email asked too: stored as a hint, never linked to the contact who has that address', async () => {
    await adminCalls.team.setPrechat({
      fields: [...phoneAndQuestion.fields, { field: 'email', required: true }],
    })
    try {
      const first = await h.anonymous().customer.start({
        email: 'zoe@example.com',
        phone: '0301234',
        answer: 'A-1',
      })
      const second = await h.anonymous().customer.start({
        email: 'ZOE@example.com',
        phone: '0301234',
        answer: 'A-2',
      })
      expect(second.contact.id).not.toBe(first.contact.id)
      expect(second.contact.email).toBe('zoe@example.com')
      expect(await h.count(Contact, { email: 'zoe@example.com' })).toBe(2)
    } finally {
      await adminCalls.team.setPrechat(phoneAndQuestion)
    }
  })

  it('leaves out what the form does not ask, so a page opened before a change still starts', async () => {
    const { contact } = await h.anonymous().customer.start({
      name: 'Ole',
      email: 'ole@example.com',
      phone: '0301234',
      answer: 'A-7',
    })
    const stored = await h.em().findOneOrFail(Contact, { id: contact.id })
    // Email is not on this form: the admin does not want it asked, so it is not kept either.
    expect(stored).toMatchObject({ name: 'Ole', email: null, phone: '0301234' })
  })

  it('refuses garbage phone numbers and answers, and stores nothing', async () => {
    const before = await h.rowCounts()
    const start = h.anonymous().customer.start
    for (const input of [
      { phone: 'call me maybe', answer: 'A-1' },
      { phone: '1'.repeat(41), answer: 'A-1' },
      { phone: junk(4930123), answer: 'A-1' },
      { phone: '0301234', answer: 'a'.repeat(501) },
      { phone: '0301234', answer: junk(['A-1']) },
      { phone: '0301234', answer: 'Half an emoji \uD83D' },
    ]) {
      expect(await refusalOf(start(input))).toMatchObject({ code: 'BAD_REQUEST', domainCode: null })
    }
    expect(await h.rowCounts()).toEqual(before)
  })

  it('with an email of a blocked contact still starts blocked (rule 7), whatever else it answers', async () => {
    await adminCalls.team.setPrechat({
      fields: [...phoneAndQuestion.fields, { field: 'email', required: false }],
    })
    try {
      const { contact } = await h.anonymous().customer.start({
        email: 'spam@example.com',
        phone: '0301234',
        answer: 'A-1',
      })
      await h.blockContact(contact.id)
      const again = await h.anonymous().customer.start({
        email: 'spam@example.com',
        phone: '0301235',
        answer: 'A-2',
      })
      expect(again.contact.blocked).toBe(true)
    } finally {
      await adminCalls.team.setPrechat(phoneAndQuestion)
    }
  })
})
