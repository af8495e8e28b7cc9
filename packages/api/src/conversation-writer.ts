import {
  type Agent,
  type Append,
  type EntityManager,
  type MembershipChange,
  TicketOffer,
  WriteStore,
} from '@parley/db'
import { type ConversationFacts, type SystemEvent, systemEventVisibility } from '@parley/domain'
import superjson from 'superjson'
import type { ApiDeps } from './context.ts'
import { factsOf, type LoadedConversation } from './conversation-facts.ts'
import type { MessageDTO } from './dto.ts'
import { topics } from './event-bus.ts'

/**
 * The write path of a conversation's state changes (assignment, status, tickets, followers): the caller
 * changes the entity, `changed` adds the system message (rule 14), `following` a change of followers;
 * `commit` flushes the entity and stores the message with its events through the write store, in one
 * transaction. Entity updates (and changes of followers) bump the conversation's version, so a send
 * decided on the state before this change is decided again (write-store.ts). Messages themselves take
 * the send queue (send-queue.ts).
 */
export class ConversationWriter {
  readonly #appends: Append[] = []
  readonly #memberships: MembershipChange[] = []
  readonly #within: Array<(em: EntityManager) => Promise<void>> = []
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
    loaded.facts = factsOf(loaded.conversation, { ...loaded.facts, memberIds })
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

  /**
   * Issue 9, part 4: the agent starts or stops following (the domain has allowed it). Nothing is said in
   * the thread: only conversation.updated, so that every inbox reads the row again, moving it into or out
   * of "My conversations".
   */
  following(loaded: LoadedConversation, agentId: string, follows: boolean): void {
    const before = loaded.facts
    const others = (ids: readonly string[]) => ids.filter((id) => id !== agentId)
    loaded.facts = factsOf(
      loaded.conversation,
      follows
        ? {
            ...before,
            memberIds: [...others(before.memberIds), agentId],
            followerIds: [...before.followerIds, agentId],
          }
        : { ...before, memberIds: others(before.memberIds), followerIds: others(before.followerIds) },
    )
    this.#memberships.push({
      conversationId: loaded.conversation.id,
      agentId,
      follows,
      createdAt: this.deps.now(),
      events: [
        {
          type: 'conversation.updated',
          // Who follows is the agents' business; the customer's view of the conversation stays the same.
          visibility: 'internal',
          payload: superjson.serialize({ conversationId: loaded.conversation.id }),
        },
      ],
      // Heard by whoever may see it with the follower in: one who could see it only by following it
      // must hear that it left their inbox.
      access: follows ? loaded.facts : before,
      contactId: loaded.conversation.contact?.id ?? null,
    })
  }

  /**
   * Writes that must hold for the change to happen at all (rule 6's accept: the offer still pending),
   * run in its transaction right after the conversation's own row is written. Throwing rolls all back.
   * That row comes first, so racing changes of one conversation queue on it, never deadlock.
   */
  within(write: (em: EntityManager) => Promise<void>): void {
    this.#within.push(write)
  }

  /**
   * Rule 6: the conversation's pending offers withdrawn in this change's transaction (withdraw, a new
   * offer replacing them, a close). Returns the facts as they were, with the offered in them: whoever
   * was offered it must hear that it left their inbox (`changed`'s audience).
   */
  withdrawOffers(loaded: LoadedConversation): ConversationFacts {
    const offered = loaded.facts
    this.within(async (em) => {
      await em.nativeUpdate(
        TicketOffer,
        { conversation: loaded.conversation.id, status: 'pending' },
        { status: 'withdrawn' },
      )
    })
    loaded.facts = { ...offered, offeredAgentIds: [], offeredTeamIds: [] }
    return offered
  }

  async commit(): Promise<void> {
    const em = this.em
    await em.begin()
    try {
      await em.flush()
      for (const write of this.#within.splice(0)) await write(em)
      await WriteStore.appendWithin(em, this.#appends.splice(0))
      await WriteStore.changeMembershipsWithin(em, this.#memberships.splice(0))
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
