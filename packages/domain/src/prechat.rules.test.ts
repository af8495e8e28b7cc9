import { describe, expect, it } from 'vitest'
import {
  checkPrechatAnswers,
  checkPrechatForm,
  DEFAULT_PRECHAT_FORM,
  type PrechatField,
  prechatFormOf,
} from './prechat.rules.ts'
import { fail } from './result.ts'
import { outcome } from './test-cast.ts'

const question = (label: string, required = false): PrechatField => ({ field: 'question', required, label })

describe('the pre-chat form before an admin chose one', () => {
  it('asks for name and email, neither required', () => {
    expect(prechatFormOf(null)).toEqual([
      { field: 'name', required: false },
      { field: 'email', required: false },
    ])
  })

  it('is the saved form once there is one, even an empty one', () => {
    const saved: PrechatField[] = [{ field: 'phone', required: true }]
    expect(prechatFormOf(saved)).toEqual(saved)
    expect(prechatFormOf([])).toEqual([])
  })

  it('hands out copies, so nobody changes the default by accident', () => {
    const form = prechatFormOf(undefined)
    form[0]!.required = true
    expect(DEFAULT_PRECHAT_FORM[0]!.required).toBe(false)
  })
})

describe("an admin's pre-chat form", () => {
  it('keeps the fields in the order given, with the question in one clean line', () => {
    const checked = checkPrechatForm([
      { field: 'phone', required: true },
      { field: 'name', required: false },
      question('  What is your\norder   number? ', true),
    ])
    expect(checked).toEqual({
      ok: true,
      value: [
        { field: 'phone', required: true },
        { field: 'name', required: false },
        { field: 'question', required: true, label: 'What is your order number?' },
      ],
    })
  })

  it('may ask nothing: the visitor then only writes their message', () => {
    expect(checkPrechatForm([])).toEqual({ ok: true, value: [] })
  })

  it('drops a label on a field other than the question: only the question has words of its own', () => {
    const checked = checkPrechatForm([{ field: 'email', required: true, label: 'Your work email' }])
    expect(checked).toEqual({ ok: true, value: [{ field: 'email', required: true }] })
  })

  it.each<[string, PrechatField[]]>([
    [
      'a field twice',
      [
        { field: 'email', required: false },
        { field: 'email', required: true },
      ],
    ],
    ['two questions', [question('Order number?'), question('Which shop?')]],
    ['a question without text', [{ field: 'question', required: true }]],
    ['a question of spaces only', [question('   ')]],
    ['a question of invisible characters only', [question('\u200B\u200D')]],
    ['a question over 200 characters', [question('q'.repeat(201))]],
    ['an unknown field', [{ field: 'address' as never, required: false }]],
  ])('refuses %s', (_, fields) => {
    expect(outcome(checkPrechatForm(fields))).toBe('PRECHAT_INVALID')
  })

  it('takes a question of exactly 200 characters', () => {
    expect(outcome(checkPrechatForm([question('q'.repeat(200))]))).toBe('ok')
  })
})

describe("a visitor's answers", () => {
  const form: PrechatField[] = [
    { field: 'name', required: false },
    { field: 'email', required: false },
    { field: 'phone', required: true },
    question('What is your order number?', true),
  ]

  it('fill the new contact: name, email, phone, and the answer under the question', () => {
    expect(
      checkPrechatAnswers(form, {
        name: ' Zoë ',
        email: 'zoe@example.com',
        phone: '+49 30 1234567',
        answer: '  A-1042 ',
      }),
    ).toEqual({
      ok: true,
      value: {
        name: 'Zoë',
        email: 'zoe@example.com',
        phone: '+49 30 1234567',
        attributes: [{ key: 'What is your order number?', value: 'A-1042' }],
      },
    })
  })

  it('leave optional fields empty when not given', () => {
    const checked = checkPrechatAnswers(form, { name: '  ', phone: '0301234', answer: 'A-1' })
    expect(checked).toMatchObject({ ok: true, value: { name: null, email: null, phone: '0301234' } })
  })

  it.each<[string, Parameters<typeof checkPrechatAnswers>[1], string, string]>([
    ['no phone', { answer: 'A-1' }, 'phone', 'Please give your phone number.'],
    ['a blank phone', { phone: '   ', answer: 'A-1' }, 'phone', 'Please give your phone number.'],
    ['no answer', { phone: '0301234' }, 'answer', 'Please answer the question "What is your order number?".'],
    [
      'an invisible answer',
      { phone: '0301234', answer: '\u200B' },
      'answer',
      'Please answer the question "What is your order number?".',
    ],
  ])('with %s are refused, naming the field', (_, answers, field, message) => {
    expect(checkPrechatAnswers(form, answers)).toEqual(fail('PRECHAT_REQUIRED', message, field))
  })

  it('name a required name and email in their own words', () => {
    const strict: PrechatField[] = [
      { field: 'name', required: true },
      { field: 'email', required: true },
    ]
    expect(checkPrechatAnswers(strict, { email: 'a@example.com' })).toEqual(
      fail('PRECHAT_REQUIRED', 'Please give your name.', 'name'),
    )
    expect(checkPrechatAnswers(strict, { name: 'Ann' })).toEqual(
      fail('PRECHAT_REQUIRED', 'Please give your email address.', 'email'),
    )
  })

  it('refuse an answer over 500 characters', () => {
    const checked = checkPrechatAnswers(form, { phone: '0301234', answer: 'a'.repeat(501) })
    expect(outcome(checked)).toBe('PRECHAT_INVALID')
    expect(outcome(checkPrechatAnswers(form, { phone: '0301234', answer: 'a'.repeat(500) }))).toBe('ok')
  })

  it('leave out what the form does not ask, so a page opened before a change still starts', () => {
    const nameOnly: PrechatField[] = [{ field: 'name', required: false }]
    expect(
      checkPrechatAnswers(nameOnly, {
        name: 'Ann',
        email: 'ann@example.com',
        phone: '0301234',
        answer: 'A-1',
      }),
    ).toEqual({ ok: true, value: { name: 'Ann', email: null, phone: null, attributes: [] } })
  })

  it('of the default form may all be empty', () => {
    expect(checkPrechatAnswers(prechatFormOf(null), {})).toEqual({
      ok: true,
      value: { name: null, email: null, phone: null, attributes: [] },
    })
  })
})
