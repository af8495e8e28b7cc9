import {
  Agent,
  Conversation,
  ConversationMember,
  type EntityManager,
  InboxReadModel,
  Message,
  Team,
  UniqueConstraintViolationException,
} from '@parley/db'
import {
  type AgentActor,
  type AlertReason,
  alertFor,
  assign,
  assignTeam,
  canSeeTrash,
  canView,
  changeStatus,
  countsAsUnread,
  createTicket,
  follow,
  type InboxSection,
  inboxSectionsOf,
  isInSection,
  isVisibleTo,
  offersEndedByClose,
  restore,
  type StatusAction,
  type TicketDraft,
  trash,
  unfollow,
  type Visibility,
  validateMessageBody,
} from '@parley/domain'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { currentActorOf } from '../agent-actors.ts'
import { attachmentsForSend } from '../attachments.ts'
import type { ApiDeps } from '../context.ts'
import {
  factsOfSnapshot,
  type LoadedConversation,
  loadConversation,
  loadVisibleConversation,
} from '../conversation-facts.ts'
import { ConversationWriter } from '../conversation-writer.ts'
import {
  type ConversationDTO,
  dotFor,
  inboxEntryDTO,
  inboxEntryDTOs,
  type MessageDTO,
  ticketLinksOf,
  toConversationDTO,
  toMessageDTO,
} from '../dto.ts'
import { type ConversationEvent, listenToTyping, topics } from '../event-bus.ts'
import { INBOX_LIST_LIMIT } from '../inbox-rows.ts'
import { holdPresence, presenceKey } from '../presence.ts'
import { markReadByAgent, type ReadPayload } from '../read-receipts.ts'
import { sendQueueOf } from '../send-queue.ts'
import { whileSessionLasts } from '../sessions.ts'
import { shareSerialization } from '../shared-serialization.ts'
import { currentEventId, lastEventIdInput, replayThenFollow } from '../subscriptions.ts'
import { agentProcedure, agentSessionProcedure, router, unwrap } from '../trpc.ts'
import { idInput, lineInput, messageInput, ticketDraftInput } from './inputs.ts'

/** Enough for any inbox a person works through; beyond it the title's count is a floor. */
const ATTENTION_LIMIT = 500
const THREAD_LIMIT = 1000

/**
 * A conversation's list row as pushed with a new message, for one agent: the inbox moves, adds or drops
 * it in the lists it has loaded instead of fetching them again (issue 8, part 8).
 */
export interface InboxRowUpdate {
  /** The entry as `conversation.list` has it, but for the unread count, which the inbox adds to. */
  entry: Omit<ConversationDTO, 'unread'>
  /** The sections of this agent's inbox that list it (rule 9). */
  sections: InboxSection[]
  /** Whether this message adds one to the agent's unread count (countsAsUnread). */
  unreadAdded: boolean
}

export type InboxEvent =
  /**
   * `alert`: why this agent's inbox should alert them (alert.rules.ts); absent when it should not.
   * `row`: on the inbox stream only, absent when the conversation could not be read.
   */
  | {
      type: 'message.created'
      conversationId: string
      message: MessageDTO
      alert?: AlertReason
      row?: InboxRowUpdate
    }
  | { type: 'conversation.updated'; conversation: ConversationDTO; sections: InboxSection[] }
  /** No longer visible to this agent (moved to Trash): drop it from lists and close it. */
  | { type: 'conversation.removed'; conversationId: string }

const byConversation = z.object({ conversationId: idInput })

/** A new message's conversation row, read once per event for every open inbox (each adds its own parts). */
const sharedRows = new WeakMap<ConversationEvent, ReturnType<InboxReadModel['inboxRowForAll']>>()

function sharedInboxRow(deps: ApiDeps, event: ConversationEvent) {
  let row = sharedRows.get(event)
  if (!row) {
    row = InboxReadModel.of(deps.orm)
      .inboxRowForAll(event.conversationId)
      .catch(() => null)
    sharedRows.set(event, row)
  }
  return row
}

/** This agent's row update for a new message: the shared row, with their read marker, dot and sections. */
async function rowUpdateFor(
  deps: ApiDeps,
  actor: AgentActor,
  event: ConversationEvent,
): Promise<InboxRowUpdate | undefined> {
  const shared = await sharedInboxRow(deps, event)
  if (!shared) return undefined
  const readAt = shared.readAt.get(actor.id) ?? null
  const { unread: _, ...entry } = inboxEntryDTO(deps, actor, { ...shared.row, readAt }, 0, deps.now())
  const message = event.payload as MessageDTO
  const causedBy = message.author
    ? {
        kind: message.authorKind === 'customer' ? ('customer' as const) : ('agent' as const),
        id: message.author.id,
      }
    : null
  return {
    entry,
    sections: inboxSectionsOf(factsOfSnapshot(shared.row), actor),
    unreadAdded: countsAsUnread(
      { visibility: message.visibility, causedBy, createdAt: message.createdAt },
      actor,
      readAt,
    ),
  }
}

const messageViews = new WeakMap<ConversationEvent, Map<string, InboxEvent>>()

/**
 * Every agent who may see a new message and would be told the same gets the same object, serialised once
 * for all of them: agents differ only by an alert (one per reason) and by their row's own parts (their
 * dot, whether they may reply, whether they follow it, their sections, whether it is unread for them:
 * mostly alike).
 */
function sharedMessageView(
  event: ConversationEvent,
  alert: AlertReason | null,
  row: InboxRowUpdate | undefined,
) {
  let views = messageViews.get(event)
  if (!views) {
    views = new Map()
    messageViews.set(event, views)
  }
  const key = JSON.stringify([
    alert,
    row && [row.entry.dot, row.entry.replyRefusal, row.entry.following, row.sections, row.unreadAdded],
  ])
  let view = views.get(key)
  if (!view) {
    const message = event.payload as MessageDTO
    view = shareSerialization<InboxEvent>({
      type: 'message.created',
      conversationId: event.conversationId,
      message,
      ...(alert ? { alert } : {}),
      ...(row ? { row } : {}),
    })
    views.set(key, view)
  }
  return view
}

/** What the new message means to this agent (alert.rules.ts), decided on the facts at commit. */
function alertOf(event: ConversationEvent, agent: AgentActor & { name: string }): AlertReason | null {
  const message = event.payload as MessageDTO
  return alertFor(
    { authorKind: message.authorKind, authorId: message.author?.id ?? null, body: message.body },
    event.access,
    agent,
  )
}

/**
 * The agent's view of one event, or null when the domain says they may not see it. `inbox` (the inbox
 * stream alone) adds why a new message should alert them (one alert per message, not one per open
 * thread) and the row their lists show for it.
 */
async function inboxView(
  deps: ApiDeps,
  actor: AgentActor,
  event: ConversationEvent,
  inbox?: { name: string },
): Promise<InboxEvent | null> {
  if (!canView(event.access, actor).ok || !isVisibleTo(event, actor)) return null
  if (event.type === 'message.created') {
    if (!inbox) return sharedMessageView(event, null, undefined)
    const row = await rowUpdateFor(deps, actor, event)
    return sharedMessageView(event, alertOf(event, { ...actor, name: inbox.name }), row)
  }
  // A read receipt changes what an open thread shows ("Seen by the customer"), not an inbox row; the
  // team's own reads are news for the customer alone.
  if (event.type === 'conversation.read' && (inbox || (event.payload as ReadPayload).reader === 'team')) {
    return null
  }
  const em = deps.orm.em.fork()
  const loaded = await loadConversation(em, event.conversationId).catch(() => null)
  if (!loaded) return null
  if (!canView(loaded.facts, actor).ok) {
    return { type: 'conversation.removed', conversationId: event.conversationId }
  }
  return {
    type: 'conversation.updated',
    conversation: await toConversationDTO(em, deps, actor, loaded),
    sections: inboxSectionsOf(loaded.facts, actor),
  }
}

/** `notifyCustomer: false` on close keeps the customer's thread as it was (rule 14's quiet close). */
const statusInput = byConversation.extend({ notifyCustomer: z.boolean().default(true) })

function statusChange(action: StatusAction) {
  return agentProcedure.input(statusInput).mutation(async ({ ctx, input }) => {
    const loaded = await loadConversation(ctx.em, input.conversationId)
    const { status, event } = unwrap(
      changeStatus(loaded.facts, action, ctx.actor, { notifyCustomer: input.notifyCustomer }),
    )
    loaded.conversation.status = status
    const writer = new ConversationWriter(ctx.em, ctx.deps)
    const offerEnded = offersEndedByClose(loaded.facts, action)
    const offered = offerEnded ? writer.withdrawOffers(loaded) : undefined
    if (offerEnded) writer.changed(loaded, offerEnded, ctx.agent, offered)
    writer.changed(loaded, event, ctx.agent, offered)
    await writer.commit()
    return toConversationDTO(ctx.em, ctx.deps, ctx.actor, loaded)
  })
}

/** Rule 5: into Trash and back, as a whole; no message is deleted or changed. */
function trashChange(action: 'trash' | 'restore') {
  return agentProcedure.input(byConversation).mutation(async ({ ctx, input }) => {
    const loaded = await loadConversation(ctx.em, input.conversationId)
    const before = loaded.facts
    unwrap(action === 'trash' ? trash(before, ctx.actor) : restore(before, ctx.actor))
    loaded.conversation.trashedAt = action === 'trash' ? ctx.deps.now() : null
    const writer = new ConversationWriter(ctx.em, ctx.deps)
    // Into Trash: everyone who saw it hears that it went; back out: everyone who may see it again.
    writer.changed(
      loaded,
      { type: action === 'trash' ? 'trashed' : 'restored' },
      ctx.agent,
      action === 'trash' ? before : undefined,
    )
    await writer.commit()
  })
}

/** Issue 9, part 4: the caller's own following, so their row moves into or out of "My conversations". */
function followingChange(follows: boolean) {
  return agentProcedure.input(byConversation).mutation(async ({ ctx, input }) => {
    const loaded = await loadConversation(ctx.em, input.conversationId)
    unwrap(follows ? follow(loaded.facts, ctx.actor) : unfollow(loaded.facts, ctx.actor))
    const writer = new ConversationWriter(ctx.em, ctx.deps)
    writer.following(loaded, ctx.agent.id, follows)
    await writer.commit()
    return toConversationDTO(ctx.em, ctx.deps, ctx.actor, loaded)
  })
}

/** Rule 2 for replies, rule 3 for notes, decided and stored by the send queue; idempotent by client id. */
function agentMessage(visibility: Visibility) {
  return agentSessionProcedure.input(messageInput).mutation(async ({ ctx, input }) => {
    const author = { kind: 'agent' as const, id: ctx.agentId }
    const body = unwrap(validateMessageBody(input.body, { attachments: input.attachmentIds.length }))
    return sendQueueOf(ctx.deps).send({
      conversationId: input.conversationId,
      author,
      policy: visibility === 'public' ? 'reply' : 'note',
      body,
      clientId: input.clientId,
      attachments: await attachmentsForSend(ctx.em, author, input.conversationId, input.attachmentIds),
    })
  })
}

/** Who is in a conversation between agents (rule 8), its starter first; none for a customer's. */
async function participantsOf(em: EntityManager, loaded: LoadedConversation) {
  const { kind, createdById } = loaded.facts
  if (kind !== 'internal') return []
  // In the order they joined.
  const members = await em.find(
    ConversationMember,
    { conversation: loaded.conversation.id },
    { orderBy: { createdAt: 'asc' } },
  )
  const ids = [...new Set([...(createdById ? [createdById] : []), ...members.map((m) => m.agent.id)])]
  const agents = await em.find(Agent, { id: { $in: ids } })
  return ids.flatMap((id) =>
    agents.filter((agent) => agent.id === id).map((agent) => ({ id: agent.id, name: agent.name })),
  )
}

async function assignTo(
  ctx: { em: EntityManager; deps: ApiDeps; actor: AgentActor; agent: Agent },
  conversationId: string,
  assignee: Agent | null,
) {
  const loaded = await loadConversation(ctx.em, conversationId)
  const { event } = unwrap(assign(loaded.facts, ctx.actor, assignee))
  loaded.conversation.assignee = assignee
  const writer = new ConversationWriter(ctx.em, ctx.deps)
  writer.changed(loaded, event, ctx.agent)
  await writer.commit()
  return toConversationDTO(ctx.em, ctx.deps, ctx.actor, loaded)
}

/** Routing into a team's queue (or out of every queue): the team's members see it, any of them takes it. */
async function routeTo(
  ctx: { em: EntityManager; deps: ApiDeps; actor: AgentActor; agent: Agent },
  conversationId: string,
  team: Team | null,
) {
  const loaded = await loadConversation(ctx.em, conversationId)
  const { assigneeId, event } = unwrap(assignTeam(loaded.facts, ctx.actor, team))
  loaded.conversation.team = team
  // Into a team's queue the domain lets the assignee go; out of every queue it keeps them.
  if (assigneeId === null) loaded.conversation.assignee = null
  const writer = new ConversationWriter(ctx.em, ctx.deps)
  writer.changed(loaded, event, ctx.agent)
  await writer.commit()
  return toConversationDTO(ctx.em, ctx.deps, ctx.actor, loaded)
}

const TICKET_NUMBER_ATTEMPTS = 5

async function createTicketIn(
  ctx: { em: EntityManager; deps: ApiDeps; actor: AgentActor; agent: Agent },
  input: { conversationId: string } & TicketDraft,
) {
  const { em } = ctx
  const agent = await em.findOneOrFail(Agent, { id: ctx.agent.id })
  const loaded = await loadConversation(em, input.conversationId)
  const [highest] = await em.find(
    Conversation,
    { ticketNumber: { $ne: null } },
    { orderBy: { ticketNumber: 'desc' }, limit: 1, fields: ['ticketNumber'] },
  )
  const { ticket, event } = unwrap(
    createTicket(loaded.facts, ctx.actor, input, (highest?.ticketNumber ?? 0) + 1),
  )
  Object.assign(loaded.conversation, {
    ticketNumber: ticket.number,
    ticketTitle: ticket.title,
    ticketType: ticket.type,
    ticketPriority: ticket.priority,
  })
  const writer = new ConversationWriter(em, ctx.deps)
  writer.changed(loaded, event, agent)
  await writer.commit()
  return toConversationDTO(em, ctx.deps, ctx.actor, loaded)
}

export const conversationRouter = router({
  list: agentProcedure
    .input(
      z.object({
        section: z.enum(['customers', 'mine', 'team', 'internal']),
        status: z.enum(['open', 'closed']),
        search: lineInput(200).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      // Plain SQL, not entities: every open inbox refetches this after live events (~12 ms through the ORM
      // for a hundred conversations).
      const store = InboxReadModel.of(ctx.deps.orm)
      const rows = await store.inbox({
        agentId: ctx.agent.id,
        section: input.section,
        status: input.status,
        search: input.search || null,
        limit: INBOX_LIST_LIMIT,
      })
      // The query narrows; the domain decides (rule 9).
      const listed = rows.filter((row) => isInSection(factsOfSnapshot(row), ctx.actor, input.section))
      return inboxEntryDTOs(ctx.deps, ctx.actor, listed)
    }),

  /**
   * How many open customer conversations carry a status dot for me (rule 11: new or missed), among the
   * unassigned ones and mine: the count in the inbox's tab title. The query only narrows; the domain
   * decides who may see each (rule 9) and its dot.
   */
  attention: agentProcedure.query(async ({ ctx }) => {
    // Plain SQL, not entities: every open inbox asks this again and again (~30 ms through the ORM for
    // 500 conversations, under 2 ms this way).
    const candidates = await InboxReadModel.of(ctx.deps.orm).dotCandidates(ctx.agent.id, ATTENTION_LIMIT)
    const now = ctx.deps.now()
    return candidates.filter(
      (candidate) =>
        canView(factsOfSnapshot(candidate), ctx.actor).ok &&
        dotFor(ctx.deps, candidate, { agentId: ctx.agent.id, readAt: candidate.readAt }, now) !== null,
    ).length
  }),

  get: agentProcedure.input(z.object({ id: idInput })).query(async ({ ctx, input }) => {
    const lastEventId = await currentEventId(ctx.deps)
    const loaded = await loadVisibleConversation(ctx.em, ctx.actor, input.id)
    const messages = await ctx.em.find(
      Message,
      { conversation: input.id },
      {
        orderBy: { createdAt: 'asc', id: 'asc' },
        limit: THREAD_LIMIT,
        populate: ['authorAgent', 'authorContact'],
      },
    )
    return {
      conversation: await toConversationDTO(ctx.em, ctx.deps, ctx.actor, loaded),
      messages: messages.map((m) => toMessageDTO(m, input.id)),
      links: await ticketLinksOf(ctx.em, ctx.actor, loaded),
      participants: await participantsOf(ctx.em, loaded),
      lastEventId,
    }
  }),

  reply: agentMessage('public'),
  note: agentMessage('internal'),

  assignToMe: agentProcedure
    .input(byConversation)
    .mutation(({ ctx, input }) => assignTo(ctx, input.conversationId, ctx.agent)),

  assign: agentProcedure
    .input(z.object({ conversationId: idInput, agentId: idInput.nullable() }))
    .mutation(async ({ ctx, input }) => {
      const assignee = input.agentId ? await ctx.em.findOne(Agent, { id: input.agentId }) : null
      if (input.agentId && !assignee) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such agent.' })
      return assignTo(ctx, input.conversationId, assignee)
    }),

  assignTeam: agentProcedure
    .input(z.object({ conversationId: idInput, teamId: idInput.nullable() }))
    .mutation(async ({ ctx, input }) => {
      const team = input.teamId ? await ctx.em.findOne(Team, { id: input.teamId }) : null
      if (input.teamId && !team) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such team.' })
      return routeTo(ctx, input.conversationId, team)
    }),

  trash: trashChange('trash'),
  restore: trashChange('restore'),

  follow: followingChange(true),
  unfollow: followingChange(false),

  /** Admins only (canSeeTrash): what is in Trash, to restore. */
  trashList: agentProcedure.query(async ({ ctx }) => {
    unwrap(canSeeTrash(ctx.actor))
    const store = InboxReadModel.of(ctx.deps.orm)
    const rows = await store.trash({ agentId: ctx.agent.id, limit: INBOX_LIST_LIMIT })
    const listed = rows.filter((row) => canView(factsOfSnapshot(row), ctx.actor).ok)
    const now = ctx.deps.now()
    return listed.map((row) => ({
      ...inboxEntryDTO(ctx.deps, ctx.actor, row, 0, now),
      trashedAt: row.trashedAt,
    }))
  }),

  close: statusChange('close'),
  reopen: statusChange('reopen'),

  createTicket: agentProcedure
    .input(ticketDraftInput.extend({ conversationId: idInput }))
    .mutation(async ({ ctx, input }) => {
      // The number is the highest + 1, so two tickets created at the same moment can pick the same one;
      // the unique index refuses the later, which then tries again with a fresh identity map.
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await createTicketIn({ ...ctx, em: ctx.em.fork() }, input)
        } catch (error) {
          if (!(error instanceof UniqueConstraintViolationException) || attempt >= TICKET_NUMBER_ATTEMPTS) {
            throw error
          }
        }
      }
    }),

  /** Returns the reader's row as it is now read (unread 0, its dot gone), for their lists to apply. */
  markRead: agentProcedure.input(byConversation).mutation(async ({ ctx, input }) => {
    const loaded = await loadVisibleConversation(ctx.em, ctx.actor, input.conversationId)
    await markReadByAgent(ctx.deps, loaded, ctx.agent.id)
    return {
      type: 'conversation.read' as const,
      conversation: await toConversationDTO(ctx.em, ctx.deps, ctx.actor, loaded),
      sections: inboxSectionsOf(loaded.facts, ctx.actor),
    }
  }),

  typing: agentProcedure
    .input(z.object({ conversationId: idInput, visibility: z.enum(['public', 'internal']) }))
    .mutation(async ({ ctx, input }) => {
      await loadVisibleConversation(ctx.em, ctx.actor, input.conversationId)
      ctx.deps.bus.publish(topics.typing(input.conversationId), {
        kind: 'typing',
        typing: {
          conversationId: input.conversationId,
          authorKind: 'agent',
          authorId: ctx.agent.id,
          name: ctx.agent.name,
          visibility: input.visibility,
        },
      })
    }),

  onInbox: agentProcedure.input(z.object({ lastEventId: lastEventIdInput })).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    // An open inbox is what makes an agent "online" (rule 11).
    const release = holdPresence(ctx.deps, presenceKey.agent(ctx.agent.id))
    try {
      yield* whileSessionLasts(ctx.deps, ctx.session, signal, (signal) =>
        replayThenFollow({
          deps: ctx.deps,
          stream: { kind: 'all' },
          signal,
          lastEventId: input.lastEventId,
          view: async (event) =>
            inboxView(ctx.deps, await currentActorOf(ctx.deps, ctx.actor), event, { name: ctx.agent.name }),
        }),
      )
    } finally {
      release()
    }
  }),

  onThread: agentProcedure
    .input(z.object({ conversationId: idInput, lastEventId: lastEventIdInput }))
    .subscription(async function* ({ ctx, input, signal }) {
      await loadVisibleConversation(ctx.em, ctx.actor, input.conversationId)
      yield* whileSessionLasts(ctx.deps, ctx.session, signal, (signal) =>
        replayThenFollow({
          deps: ctx.deps,
          stream: { kind: 'conversation', conversationId: input.conversationId },
          signal,
          lastEventId: input.lastEventId,
          view: async (event) => inboxView(ctx.deps, await currentActorOf(ctx.deps, ctx.actor), event),
        }),
      )
    }),

  /** "I have it open": repeated by the view every VIEWING_REPEAT_MS, `present: false` when it closes. */
  viewing: agentProcedure
    .input(z.object({ conversationId: idInput, viewId: idInput, present: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await loadVisibleConversation(ctx.em, ctx.actor, input.conversationId)
      ctx.deps.bus.publish(topics.typing(input.conversationId), {
        kind: 'viewing',
        viewing: {
          conversationId: input.conversationId,
          viewId: input.viewId,
          agentId: ctx.agent.id,
          name: ctx.agent.name,
          present: input.present,
        },
      })
    }),

  /** Colleagues (and the customer) typing here, and colleagues viewing it: collision detection. */
  onTyping: agentProcedure.input(byConversation).subscription(async function* ({ ctx, input, signal }) {
    await loadVisibleConversation(ctx.em, ctx.actor, input.conversationId)
    yield* whileSessionLasts(ctx.deps, ctx.session, signal, async function* (signal) {
      for await (const message of listenToTyping(ctx.deps, input.conversationId, signal)) {
        if (message.kind === 'viewing') {
          if (message.viewing.agentId === ctx.agent.id) continue
          const { viewId, name, agentId, present } = message.viewing
          yield {
            kind: 'viewing' as const,
            conversationId: input.conversationId,
            viewId,
            name,
            agentId,
            present,
          }
          continue
        }
        if (message.kind !== 'typing' || message.typing.authorId === ctx.agent.id) continue
        const { conversationId, name, visibility, authorKind } = message.typing
        yield { kind: 'typing' as const, conversationId, name, visibility, authorKind }
      }
    })
  }),
})
