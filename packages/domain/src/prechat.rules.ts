import { fail, ok, type Result } from './result.ts'
import { cleanLine, isBlank } from './text.rules.ts'

/**
 * Issue 10, part 1: what the chat page asks a first-time visitor before their first message. The
 * admin chooses the fields (name, email, phone, one question of their own), each optional or required;
 * the answers fill the new contact's details. An email given here is a hint for the team only: it links
 * to no existing contact (identity.rules.ts says why).
 */
export const PRECHAT_FIELDS = ['name', 'email', 'phone', 'question'] as const
export type PrechatFieldName = (typeof PRECHAT_FIELDS)[number]

/** One field of the form; `label` is the custom question's text, in the admin's words. */
export interface PrechatField {
  field: PrechatFieldName
  required: boolean
  label?: string
}

/** The form before any admin chose one: name and email, neither required. */
export const DEFAULT_PRECHAT_FORM: readonly PrechatField[] = [
  { field: 'name', required: false },
  { field: 'email', required: false },
]

export const MAX_PRECHAT_QUESTION_LENGTH = 200
/** The visitor's answer to the custom question: one line. */
export const MAX_PRECHAT_ANSWER_LENGTH = 500

/** The stored form, or the default one where none was saved. */
export function prechatFormOf(stored: readonly PrechatField[] | null | undefined): PrechatField[] {
  return (stored ?? DEFAULT_PRECHAT_FORM).map((field) => ({ ...field }))
}

/**
 * An admin's form as it will be stored: each field at most once (so at most one question), a question
 * with its text (1–200 characters, one line). Only the question carries a label. An empty form is
 * allowed: the visitor then only writes their message.
 */
export function checkPrechatForm(fields: readonly PrechatField[]): Result<PrechatField[]> {
  const seen = new Set<PrechatFieldName>()
  const form: PrechatField[] = []
  for (const { field, required, label } of fields) {
    if (!PRECHAT_FIELDS.includes(field)) return fail('PRECHAT_INVALID', `There is no field "${field}".`)
    if (seen.has(field)) {
      return fail('PRECHAT_INVALID', `The form asks for each field once; "${field}" appears twice.`)
    }
    seen.add(field)
    if (field !== 'question') {
      form.push({ field, required })
      continue
    }
    const text = cleanLine(label ?? '')
    if (isBlank(text)) return fail('PRECHAT_INVALID', 'The custom question needs its text.')
    if (text.length > MAX_PRECHAT_QUESTION_LENGTH) {
      return fail(
        'PRECHAT_INVALID',
        `The custom question can be at most ${MAX_PRECHAT_QUESTION_LENGTH} characters long.`,
      )
    }
    form.push({ field, required, label: text })
  }
  return ok(form)
}

/** What a visitor typed into the form; `answer` is the custom question's. */
export interface PrechatAnswers {
  name?: string | undefined
  email?: string | undefined
  phone?: string | undefined
  answer?: string | undefined
}
export type PrechatAnswerKey = keyof PrechatAnswers

/** The new contact's details from the form: the answer goes into the team's own fields under the question. */
export interface PrechatDetails {
  name: string | null
  email: string | null
  phone: string | null
  attributes: Array<{ key: string; value: string }>
}

const answerKeyOf: Record<PrechatFieldName, PrechatAnswerKey> = {
  name: 'name',
  email: 'email',
  phone: 'phone',
  question: 'answer',
}

/** Names the missing field, so the visitor knows what to fill in. */
function missing(field: PrechatField): string {
  switch (field.field) {
    case 'name':
      return 'Please give your name.'
    case 'email':
      return 'Please give your email address.'
    case 'phone':
      return 'Please give your phone number.'
    case 'question':
      return `Please answer the question "${field.label ?? ''}".`
  }
}

/**
 * A visitor's answers against the form: a required field left blank is refused, naming the field (its
 * input's key in `field`). A field the form does not ask is left out, not refused: a chat page opened
 * before the admin changed the form still starts, and nothing the admin no longer wants is stored.
 */
export function checkPrechatAnswers(
  form: readonly PrechatField[],
  answers: PrechatAnswers,
): Result<PrechatDetails> {
  const details: PrechatDetails = { name: null, email: null, phone: null, attributes: [] }
  for (const field of form) {
    const key = answerKeyOf[field.field]
    const given = cleanLine(answers[key] ?? '')
    if (isBlank(given)) {
      if (field.required) return fail('PRECHAT_REQUIRED', missing(field), key)
      continue
    }
    if (field.field === 'question') {
      if (given.length > MAX_PRECHAT_ANSWER_LENGTH) {
        return fail(
          'PRECHAT_INVALID',
          `The answer can be at most ${MAX_PRECHAT_ANSWER_LENGTH} characters long.`,
          key,
        )
      }
      details.attributes.push({ key: field.label ?? '', value: given })
    } else {
      details[field.field] = given
    }
  }
  return ok(details)
}
