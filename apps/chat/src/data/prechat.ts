import { createSignal } from 'solid-js'
import { api } from '../lib/trpc.client.ts'

export type PrechatField = Awaited<ReturnType<typeof api.customer.prechat.query>>['fields'][number]

/** Name and email, neither required: the form before any admin chose one, and a returning visitor's. */
export const DEFAULT_PRECHAT_FIELDS: PrechatField[] = [
  { field: 'name', required: false },
  { field: 'email', required: false },
]

/**
 * The fields the admin chose for a first-time visitor (issue 10, part 1); undefined until the server
 * answered. Unreachable, the default form stands in: the server checks the answers either way.
 */
export function createPrechatForm() {
  const [fields, setFields] = createSignal<PrechatField[]>()
  const reload = () =>
    api.customer.prechat.query().then(
      (form) => void setFields(form.fields),
      () => void setFields((known) => known ?? DEFAULT_PRECHAT_FIELDS),
    )
  void reload()
  return { fields, reload }
}
