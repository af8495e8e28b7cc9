import type { Actor } from './actor.ts'
import { fail, ok, type Result } from './result.ts'

/** A saved reply: shared with every agent (owner null), or one agent's own. */
export interface TextBlockFacts {
  ownerId: string | null
}

export function canUseTextBlock(block: TextBlockFacts, actor: Actor): Result {
  if (actor.kind !== 'agent') return fail('AGENTS_ONLY', 'Text blocks are for agents.')
  if (block.ownerId !== null && block.ownerId !== actor.id) {
    return fail('NOT_VISIBLE', 'This text block does not exist.')
  }
  return ok()
}

/** Anyone writes their own blocks; the shared ones, which everybody's replies use, are the admins'. */
export function canWriteTextBlock(block: TextBlockFacts, actor: Actor): Result {
  const usable = canUseTextBlock(block, actor)
  if (!usable.ok) return usable
  if (block.ownerId === null && !(actor.kind === 'agent' && actor.role === 'admin')) {
    return fail('ADMIN_ONLY', 'Only admins change shared text blocks.')
  }
  return ok()
}

/** What `{{…}}` in a text block can stand for. */
export interface TextBlockValues {
  'contact.name': string
  'contact.email': string
  'agent.name': string
  'conversation.number': string
}

/**
 * Fills in the variables a text block knows; an unknown one (a typo, say) stays as written so the agent
 * sees it before sending. Spaces inside the braces are allowed: `{{ contact.name }}`.
 */
export function fillTextBlock(body: string, values: TextBlockValues): string {
  return body.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (written, name: string) =>
    Object.hasOwn(values, name) ? values[name as keyof TextBlockValues] : written,
  )
}
