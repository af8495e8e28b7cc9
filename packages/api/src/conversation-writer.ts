import { type Agent, type Append, type EntityManager, WriteStore } from '@parley/db'
import { type ConversationFacts, type SystemEvent, systemEventVisibility } from '@parley/domain'
import superjson from 'superjson'
import type { ApiDeps } from './context.ts'
import { factsOf, type LoadedConversation } from './conversation-facts.ts'
import type { MessageDTO } from './dto.ts'
import { topics } from './event-bus.ts'

/**
 * The write path of a conversation's state changes (assignment, status, tickets): the caller changes the
 * entity, `changed` adds the system message (rule 14); `commit` flushes the entity and stores the message
 * with its events through the write store, in one transaction. Entity updates bump the conversation's
 * version, so a send decided on the state before this change is decided again (write-store.ts).
 * Messages themselves take the send queue (send-queue.ts).
 */
export class ConversationWriter {
  readonly #appends: Append[] = []
  /** The latest message time this writer stamped per conversation, so two changes never tie. */
  readonly #stamped = new Map<string, Date>()

  constructor(
    private readonly em: EntityManager,
    private readonly deps: ApiDeps,
  ) {}

  /**
   * A state change: a system message in the thread plus a conversation.updated event. `audience` is who
   * hears of it when that is not who may see the conversation afterwards: moving it to Trash is news for
   * everyone who had it on screen.
   */
  changed(
    loaded: LoadedConversation,
    event: SystemEvent,
    actor: Agent | null,
    audience?: ConversationFacts,
  ): MessageDTO {
    // The caller has just changed the conversation (status, assignee, ticket): what is stored with the
    // events and returned must be decided on the new state, not the facts it was loaded with.
    const newParticipant = actor && !loaded.facts.memberIds.includes(actor.id) ? actor.id : null
    const memberIds = newParticipant ? [...loaded.facts.memberIds, newParticipant] : loaded.facts.memberIds
    loaded.facts = factsOf(loaded.conversation, memberIds)
    // The summary columns are the write store's alone: the entity's copy is not written, or a flush could
    // set an older time over a message committed meanwhile.
    const id = loaded.conversation.id
    const createdAt = nextMessageTime(
      this.#stamped.get(id) ?? loaded.conversation.lastMessageAt,
      this.deps.now(),
    )
    this.#stamped.set(id, createdAt)
    const visibility = systemEventVisibility(event)
    const message: MessageDTO = {
      id: crypto.randomUUID(),
      conversationId: loaded.conversation.id,
      clientId: null,
      authorKind: 'system',
      author: actor ? { id: actor.id, name: actor.name } : null,
      visibility,
      kind: 'system',
      body: '',
      system: event,
      attachments: [],
      createdAt,
    }
    this.#appends.push({
      message: { ...message, authorAgentId: actor?.id ?? null, authorContactId: null },
      // A status change or "Anna joined" is no answer: previews and the last author stay (rule 11).
      preview: null,
      newParticipant,
      events: [
        // JSON columns would turn Dates into strings; superjson keeps a replayed event identical to the live one.
        { type: 'message.created', visibility, payload: superjson.serialize(message) },
        {
          type: 'conversation.updated',
          visibility: 'public',
          payload: superjson.serialize({ conversationId: loaded.conversation.id }),
        },
      ],
      access: audience ?? loaded.facts,
      contactId: loaded.conversation.contact?.id ?? null,
      // The flush in the same transaction has just changed the conversation: nothing to compare against.
      expectedVersion: null,
    })
    return message
  }

  async commit(): Promise<void> {
    const em = this.em
    await em.begin()
    try {
      await em.flush()
      await WriteStore.appendWithin(em, this.#appends.splice(0))
      await em.commit()
    } catch (error) {
      await em.rollback()
      throw error
    }
    announceCommit(this.deps)
  }
}

/** After commit only: every instance's feed reads the log (event-feed.ts). */
export function announceCommit(deps: ApiDeps): void {
  deps.bus.publish(topics.log, { kind: 'committed' })
}

/**
 * Threads are ordered by `createdAt`, so every message must be later than the one before it, even when
 * both fall into the same millisecond (a "reopened" notice and the message that reopened the chat).
 */
export function nextMessageTime(last: Date | null | undefined, now: Date): Date {
  return last && now.getTime() <= last.getTime() ? new Date(last.getTime() + 1) : now
}
