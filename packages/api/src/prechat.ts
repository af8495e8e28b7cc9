import { type EntityManager, Organisation } from '@parley/db'
import { MAX_PRECHAT_QUESTION_LENGTH, PRECHAT_FIELDS, type PrechatField, prechatFormOf } from '@parley/domain'
import { z } from 'zod'
import { lineInput } from './routers/inputs.ts'

/**
 * The chat page's pre-chat form (issue 10, part 1) as the admin sets it and both apps read it; the
 * rules (each field once, a question's text) are prechat.rules.ts's.
 */
export const prechatFormInput = z.object({
  fields: z
    .array(
      z.object({
        field: z.enum(PRECHAT_FIELDS),
        required: z.boolean(),
        label: lineInput(MAX_PRECHAT_QUESTION_LENGTH).optional(),
      }),
    )
    .max(PRECHAT_FIELDS.length, 'The form has at most one of each field.'),
})

export const prechatFormOutput = z.object({
  fields: z.array(
    z.object({
      field: z.enum(PRECHAT_FIELDS),
      required: z.boolean(),
      label: z.string().optional(),
    }),
  ),
})

/**
 * The form the chat page shows now: the admin's, or the default one (name and email, optional). Only
 * read, unlike `theOrganisation`: a visitor's start must not create the organisation as a side effect.
 */
export async function currentPrechatForm(em: EntityManager): Promise<PrechatField[]> {
  const [organisation] = await em.find(Organisation, {}, { orderBy: { createdAt: 'asc' }, limit: 1 })
  return prechatFormOf(organisation?.prechatFields)
}
