import { describe, expect, it } from 'vitest'
import { fail, ok } from './result.ts'

describe('results of a rule (ok, fail)', () => {
  it('a success without a value carries no value', () => {
    expect(ok()).toEqual({ ok: true, value: undefined })
  })

  it('a success carries its value', () => {
    expect(ok({ reopens: true })).toEqual({ ok: true, value: { reopens: true } })
  })

  it('a failure carries a stable code for the apps to translate, and an English message', () => {
    expect(fail('TICKET_CLOSED', 'This ticket is closed.')).toEqual({
      ok: false,
      error: { code: 'TICKET_CLOSED', message: 'This ticket is closed.' },
    })
  })

  it('a refusal about one field of a form names the field, so the app can point at it', () => {
    expect(fail('PRECHAT_REQUIRED', 'Please give your phone number.', 'phone')).toEqual({
      ok: false,
      error: { code: 'PRECHAT_REQUIRED', message: 'Please give your phone number.', field: 'phone' },
    })
    // Strictly: other refusals carry no `field` at all, not even an undefined one.
    expect(fail('TICKET_CLOSED', 'This ticket is closed.')).toStrictEqual({
      ok: false,
      error: { code: 'TICKET_CLOSED', message: 'This ticket is closed.' },
    })
  })
})
