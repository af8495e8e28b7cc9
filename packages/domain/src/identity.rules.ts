import { fail, ok, type Result } from './result.ts'

/**
 * How people are told apart at a glance: a nameless customer gets a short code, everyone an avatar
 * colour. Both are derived from the id alone, so every list, every app and every instance agrees and a
 * customer keeps theirs from one visit to the next.
 */

/** Avatar backgrounds; each carries white initials at a contrast of at least 4.5:1. */
export const AVATAR_COLOURS = ['blue', 'green', 'purple', 'orange', 'teal', 'red', 'pink', 'slate'] as const
export type AvatarColour = (typeof AVATAR_COLOURS)[number]

/** FNV-1a: cheap, stable across runtimes, and it spreads similar ids (uuids share their version digit). */
function hashOf(id: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** Four characters (0-9, A-F) that tell nameless customers apart: "Visitor 4F2A". */
export function visitorCode(contactId: string): string {
  return (hashOf(contactId) >>> 16).toString(16).toUpperCase().padStart(4, '0')
}

/** The colour of someone who has not chosen one. */
export function avatarColourOf(id: string): AvatarColour {
  return AVATAR_COLOURS[hashOf(id) % AVATAR_COLOURS.length]!
}

/** The colour an agent chose, when it is still one of the palette; otherwise the one their id gives. */
export function agentAvatarColour(agent: { id: string; avatarColour: string | null }): AvatarColour {
  const chosen = AVATAR_COLOURS.find((colour) => colour === agent.avatarColour)
  return chosen ?? avatarColourOf(agent.id)
}

/**
 * Issue 10, part 4: who a visitor is to the helpdesk. A host site may vouch for its logged-in user with
 * `user_hash` (an HMAC of their id under the helpdesk's secret); only such a verified claim reaches an
 * existing contact and their history. An email typed into the chat is a hint for the team and links to
 * nobody, so a stranger cannot read someone's conversations by typing their address.
 */
export function identifyVisitor(
  claim: { secretConfigured: boolean; verified: boolean },
  known: { contactId: string } | null,
): Result<{ contactId: string | null }> {
  if (!claim.secretConfigured) {
    return fail(
      'IDENTITY_UNVERIFIED',
      'This helpdesk does not verify identities: the chat starts as a guest.',
    )
  }
  if (!claim.verified) return fail('IDENTITY_UNVERIFIED', 'This identity could not be verified.')
  return ok({ contactId: known?.contactId ?? null })
}
