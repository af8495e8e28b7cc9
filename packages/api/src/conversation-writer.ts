import { type Agent, ConversationMember, type EntityManager, Event, Message } from '@parley/db'
import { type SystemEvent, systemEventVisibility, type Visibility } from '@parley/domain'
import superjson from 'superjson'
import type { ApiDeps } from './context.ts'
import { factsOf, type LoadedConversation } from './conversation-facts.ts'
import { toMessageDTO } from './dto.ts'
import { type ConversationEvent, topics } from './event-bus.ts'

/**
 * The write path of a conversation's state changes (assignment, status, tickets): each is recorded with
 * its system message and events in one flush (one transaction), and the events are published only after
 * it committed, so a subscriber never sees what the database does not have. Messages themselves take the
 * send queue (send-queue.ts).
 */
export class ConversationWriter {
  readonly #pending: Array<{ row: Event; loaded: LoadedConversation; payload: unknown }> = []

  constructor(
    private readonly em: EntityManager,
    private readonly deps: ApiDeps,
  ) {}

  /** A state change: a system message in the thread (rule 14) plus a conversation.updated event. */
  changed(loaded: LoadedConversation, event: SystemEvent, actor: Agent | null): Message {
    // The caller has just changed the conversation (status, assignee, ticket): what is returned and
    // published afterwards must be decided on the new state, not the facts it was loaded with.
    loaded.facts = factsOf(loaded.conversation, loaded.facts.memberIds)
    const now = this.#stamp(loaded)
    const visibility = systemEventVisibility(event)
    const message = this.em.create(Message, {
      conversation: loaded.conversation,
      authorKind: 'system',
      authorAgent: actor,
      authorContact: null,
      visibility,
      kind: 'system',
      body: '',
      system: event,
      clientId: null,
      createdAt: now,
    })
    loaded.conversation.lastMessageAt = now
    // lastAuthorKind stays: a status change or "Anna joined" is no answer, so a missed dot stays red (rule 11).
    if (visibility === 'public') loaded.conversation.lastPublicMessageAt = now
    if (actor) this.#participate(loaded, actor)
    this.#record(loaded, 'message.created', visibility, toMessageDTO(message, loaded.conversation.id))
    this.#record(loaded, 'conversation.updated', 'public', { conversationId: loaded.conversation.id })
    return message
  }

  async commit(): Promise<void> {
    await this.em.flush()
    for (const { row, loaded, payload } of this.#pending.splice(0)) {
      const event: ConversationEvent = {
        id: String(row.seq),
        type: row.type,
        conversationId: row.conversationId,
        visibility: row.visibility,
        payload,
        access: factsOf(loaded.conversation, loaded.facts.memberIds),
      }
      publishEvent(this.deps, event, loaded.conversation.contact?.id ?? null)
    }
  }

  #record(loaded: LoadedConversation, type: Event['type'], visibility: Visibility, payload: unknown) {
    const row = this.em.create(Event, {
      type,
      conversationId: loaded.conversation.id,
      visibility,
      // JSON columns would turn Dates into strings; superjson keeps a replayed event identical to the live one.
      payload: superjson.serialize(payload),
      createdAt: this.deps.now(),
    })
    this.#pending.push({ row, loaded, payload })
  }

  #stamp(loaded: LoadedConversation): Date {
    return nextMessageTime(loaded.conversation.lastMessageAt, this.deps.now())
  }

  /** Rule 9: writing in a conversation puts it in the agent's "My conversations". */
  #participate(loaded: LoadedConversation, agent: Agent) {
    if (loaded.facts.memberIds.includes(agent.id)) return
    this.em.create(ConversationMember, {
      conversation: loaded.conversation,
      agent,
      role: 'participant',
      createdAt: this.deps.now(),
    })
    loaded.facts = { ...loaded.facts, memberIds: [...loaded.facts.memberIds, agent.id] }
  }
}

/** After commit only: to every inbox, the conversation's watchers and its customer (fan-out filters). */
export function publishEvent(deps: ApiDeps, event: ConversationEvent, contactId: string | null) {
  const message = { kind: 'event', event } as const
  deps.bus.publish(topics.inbox, message)
  deps.bus.publish(topics.conversation(event.conversationId), message)
  if (contactId) deps.bus.publish(topics.contact(contactId), message)
}

/**
 * Threads are ordered by `createdAt`, so every message must be later than the one before it, even when
 * both fall into the same millisecond (a "reopened" notice and the message that reopened the chat).
 */
export function nextMessageTime(last: Date | null | undefined, now: Date): Date {
  return last && now.getTime() <= last.getTime() ? new Date(last.getTime() + 1) : now
}
