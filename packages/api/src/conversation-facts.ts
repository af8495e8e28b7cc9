import {
  Conversation,
  ConversationMember,
  type ConversationMembers,
  type ConversationSnapshot,
  type EntityManager,
  TicketOffer,
} from '@parley/db'
import { type Actor, type ConversationFacts, canView } from '@parley/domain'
import { refuse, unwrap } from './trpc.ts'

type Members = Pick<ConversationFacts, 'memberIds' | 'followerIds' | 'offeredAgentIds' | 'offeredTeamIds'>

/** Where who belongs to a conversation does not matter (a customer's own conversations). */
export const noMembers: Members = { memberIds: [], followerIds: [], offeredAgentIds: [], offeredTeamIds: [] }

/** What the domain decides on, read off a loaded conversation and its members. */
export function factsOf(conversation: Conversation, members: Members): ConversationFacts {
  return factsOfSnapshot({
    kind: conversation.kind,
    status: conversation.status,
    contactId: conversation.contact?.id ?? null,
    assigneeId: conversation.assignee?.id ?? null,
    teamId: conversation.team?.id ?? null,
    createdById: conversation.createdBy?.id ?? null,
    ticketNumber: conversation.ticketNumber ?? null,
    ticketTitle: conversation.ticketTitle ?? null,
    ticketType: conversation.ticketType ?? null,
    ticketPriority: conversation.ticketPriority ?? null,
    trashed: conversation.trashedAt !== null && conversation.trashedAt !== undefined,
    memberIds: [...members.memberIds],
    followerIds: [...members.followerIds],
    offeredAgentIds: [...members.offeredAgentIds],
    offeredTeamIds: [...members.offeredTeamIds],
  })
}

export async function membersOf(
  em: EntityManager,
  conversationIds: string[],
): Promise<Map<string, ConversationMembers>> {
  const byConversation = new Map<string, ConversationMembers>(
    conversationIds.map((id) => [
      id,
      { memberIds: [], followerIds: [], offeredAgentIds: [], offeredTeamIds: [] },
    ]),
  )
  if (conversationIds.length === 0) return byConversation
  const [members, offers] = await Promise.all([
    em.find(ConversationMember, { conversation: { $in: conversationIds } }),
    em.find(TicketOffer, { conversation: { $in: conversationIds }, status: 'pending' }),
  ])
  for (const member of members) {
    const of = byConversation.get(member.conversation.id)
    of?.memberIds.push(member.agent.id)
    if (member.role === 'follower') of?.followerIds.push(member.agent.id)
  }
  for (const offer of offers) {
    const of = byConversation.get(offer.conversation.id)
    if (offer.agent) of?.offeredAgentIds.push(offer.agent.id)
    if (offer.team) of?.offeredTeamIds.push(offer.team.id)
  }
  return byConversation
}

export interface LoadedConversation {
  conversation: Conversation
  facts: ConversationFacts
}

/**
 * Loads a conversation with what every rule needs. An unknown id and one the actor may not see look
 * the same to the caller (NOT_FOUND), so ids cannot be probed.
 */
export async function loadConversation(em: EntityManager, id: string): Promise<LoadedConversation> {
  const conversation = await em.findOne(Conversation, { id }, { populate: ['contact', 'assignee', 'team'] })
  // The very refusal `canView` gives, domain code included, so the two cases cannot be told apart.
  if (!conversation) refuse('NOT_VISIBLE', 'Conversation not found.')
  const members = await membersOf(em, [id])
  return { conversation, facts: factsOf(conversation, members.get(id) ?? noMembers) }
}

/** Rules 8 and 9 at the door: the conversation, if this actor may see it, else NOT_FOUND. */
export async function loadVisibleConversation(em: EntityManager, actor: Actor, id: string) {
  const loaded = await loadConversation(em, id)
  unwrap(canView(loaded.facts, actor))
  return loaded
}

export async function loadConversations(
  em: EntityManager,
  ids: string[],
): Promise<Map<string, LoadedConversation>> {
  const unique = [...new Set(ids)]
  const conversations = unique.length
    ? await em.find(Conversation, { id: { $in: unique } }, { populate: ['contact', 'assignee', 'team'] })
    : []
  const members = await membersOf(em, unique)
  return new Map(
    conversations.map((conversation) => [
      conversation.id,
      { conversation, facts: factsOf(conversation, members.get(conversation.id) ?? noMembers) },
    ]),
  )
}

/** The same facts from the send path's plain snapshot (write-store.ts); `factsOf` maps entities onto it. */
export function factsOfSnapshot(
  snapshot: Omit<ConversationSnapshot, 'id' | 'lastMessageAt' | 'version'>,
): ConversationFacts {
  return {
    kind: snapshot.kind,
    status: snapshot.status,
    contactId: snapshot.contactId,
    assigneeId: snapshot.assigneeId,
    teamId: snapshot.teamId,
    createdById: snapshot.createdById,
    memberIds: snapshot.memberIds,
    followerIds: snapshot.followerIds,
    offeredAgentIds: snapshot.offeredAgentIds,
    offeredTeamIds: snapshot.offeredTeamIds,
    ticket:
      snapshot.ticketNumber !== null
        ? {
            number: snapshot.ticketNumber,
            title: snapshot.ticketTitle ?? '',
            type: snapshot.ticketType ?? 'ticket',
            priority: snapshot.ticketPriority ?? 'normal',
          }
        : null,
    trashed: snapshot.trashed,
  }
}
