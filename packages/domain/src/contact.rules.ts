import { type Actor, handlesCustomers } from './actor.ts'
import { fail, ok, type Result } from './result.ts'

/** At most this many of the team's own fields per contact, each a short line. */
export const MAX_CONTACT_ATTRIBUTES = 20

/**
 * Contacts are the customers of "From customers" (rule 9): admins and support agents see, edit and
 * block them. Another agent knows a customer only from conversations they are part of.
 */
export function canManageContacts(actor: Actor): Result {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Only agents manage contacts.')
  if (!handlesCustomers(actor)) {
    return fail('NOT_VISIBLE', 'Contacts are for agents who answer customers.')
  }
  return ok()
}

/** The team's own fields: named, each name once (the first wins), empty ones left out. */
export function cleanAttributes(
  attributes: ReadonlyArray<{ key: string; value: string }>,
): Array<{ key: string; value: string }> {
  const seen = new Set<string>()
  const kept: Array<{ key: string; value: string }> = []
  for (const { key, value } of attributes) {
    const name = key.trim()
    const folded = name.toLowerCase()
    if (!name || !value.trim() || seen.has(folded)) continue
    seen.add(folded)
    kept.push({ key: name, value: value.trim() })
  }
  return kept
}
