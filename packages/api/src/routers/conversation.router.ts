import {
  Agent,
  Conversation,
  type EntityManager,
  InboxReadModel,
  Message,
  ReadMarker,
  UniqueConstraintViolationException,
} from '@parley/db'
import {
  type AgentActor,
  assign,
  canReply,
  canSeeTrash,
  canView,
  changeStatus,
  createTicket,
  type DomainErrorCode,
  isInSection,
  isVisibleTo,
  type Result,
  restore,
  type StatusAction,
  type TicketDraft,
  trash,
  unreadCriteria,
  type Visibility,
  validateMessageBody,
} from '@parley/domain'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
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
  type MessageDTO,
  toConversationDTOs,
  toMessageDTO,
} from '../dto.ts'
import { type ConversationEvent, listenToTyping, topics } from '../event-bus.ts'
import { presenceKey } from '../presence.ts'
import { sendQueueOf } from '../send-queue.ts'
import { whileSessionLasts } from '../sessions.ts'
import { shareSerialization } from '../shared-serialization.ts'
import { currentEventId, lastEventIdInput, replayThenFollow } from '../subscriptions.ts'
import { agentProcedure, agentSessionProcedure, router, unwrap } from '../trpc.ts'
import { idInput, lineInput, messageInput, requiredLineInput } from './inputs.ts'

const LIST_LIMIT = 100
/** Enough for any inbox a person works through; beyond it the title's count is a floor. */
const ATTENTION_LIMIT = 500
const THREAD_LIMIT = 1000

export type InboxEvent =
  | { type: 'message.created'; conversationId: string; message: MessageDTO }
  | { type: 'conversation.updated'; conversation: ConversationDTO }
  /** No longer visible to this agent (moved to Trash): drop it from lists and close it. */
  | { type: 'conversation.removed'; conversationId: string }

const byConversation = z.object({ conversationId: idInput })

const refusalCode = (result: Result<unknown>): DomainErrorCode | null =>
  result.ok ? null : result.error.code

async function dtoFor(em: EntityManager, deps: ApiDeps, actor: AgentActor, loaded: LoadedConversation) {
  const [dto] = await toConversationDTOs(em, deps, actor, [loaded])
  return dto!
}

const messageViews = new WeakMap<ConversationEvent, InboxEvent>()

/** Every agent who may see a new message gets the same object, serialised once for all of them. */
function sharedMessageView(event: ConversationEvent): InboxEvent {
  let view = messageViews.get(event)
  if (!view) {
    view = shareSerialization<InboxEvent>({
      type: 'message.created',
      conversationId: event.conversationId,
      message: event.payload as MessageDTO,
    })
    messageViews.set(event, view)
  }
  return view
}

/** The agent's view of one event, or null when the domain says they may not see it. */
async function inboxView(
  deps: ApiDeps,
  actor: AgentActor,
  event: ConversationEvent,
): Promise<InboxEvent | null> {
  if (!canView(event.access, actor).ok || !isVisibleTo(event, actor)) return null
  if (event.type === 'message.created') return sharedMessageView(event)
  const em = deps.orm.em.fork()
  const loaded = await loadConversation(em, event.conversationId).catch(() => null)
  if (!loaded) return null
  if (!canView(loaded.facts, actor).ok) {
    return { type: 'conversation.removed', conversationId: event.conversationId }
  }
  return { type: 'conversation.updated', conversation: await dtoFor(em, deps, actor, loaded) }
}

function statusChange(action: StatusAction) {
  return agentProcedure.input(byConversation).mutation(async ({ ctx, input }) => {
    const loaded = await loadConversation(ctx.em, input.conversationId)
    const { status, event } = unwrap(changeStatus(loaded.facts, action, ctx.actor))
    loaded.conversation.status = status
    const writer = new ConversationWriter(ctx.em, ctx.deps)
    writer.changed(loaded, event, ctx.agent)
    await writer.commit()
    return dtoFor(ctx.em, ctx.deps, ctx.actor, loaded)
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
  return dtoFor(ctx.em, ctx.deps, ctx.actor, loaded)
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
  return dtoFor(em, ctx.deps, ctx.actor, loaded)
}

export const conversationRouter = router({
  list: agentProcedure
    .input(
      z.object({
        section: z.enum(['customers', 'mine']),
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
        limit: LIST_LIMIT,
      })
      // The query narrows; the domain decides (rule 9).
      const listed = rows.filter((row) => isInSection(factsOfSnapshot(row), ctx.actor, input.section))
      const unread = await store.unreadCounts(
        { agentId: ctx.agent.id },
        unreadCriteria(ctx.actor),
        listed.map((row) => row.id),
      )
      const now = ctx.deps.now()
      return listed.map((row) => inboxEntryDTO(ctx.deps, ctx.agent.id, row, unread.get(row.id) ?? 0, now))
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
      conversation: await dtoFor(ctx.em, ctx.deps, ctx.actor, loaded),
      messages: messages.map((m) => toMessageDTO(m, input.id)),
      // Rule 2's verdict for this agent, with its code: the composer explains it instead of re-deriving it.
      replyRefusal: refusalCode(canReply(loaded.facts, ctx.actor)),
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

  trash: trashChange('trash'),
  restore: trashChange('restore'),

  /** Admins only (canSeeTrash): what is in Trash, to restore. */
  trashList: agentProcedure.query(async ({ ctx }) => {
    unwrap(canSeeTrash(ctx.actor))
    const store = InboxReadModel.of(ctx.deps.orm)
    const rows = await store.trash({ agentId: ctx.agent.id, limit: LIST_LIMIT })
    const listed = rows.filter((row) => canView(factsOfSnapshot(row), ctx.actor).ok)
    const now = ctx.deps.now()
    return listed.map((row) => ({
      ...inboxEntryDTO(ctx.deps, ctx.agent.id, row, 0, now),
      trashedAt: row.trashedAt,
    }))
  }),

  close: statusChange('close'),
  reopen: statusChange('reopen'),

  createTicket: agentProcedure
    .input(
      z.object({
        conversationId: idInput,
        title: requiredLineInput(200),
        type: z.enum(['ticket', 'task']),
        priority: z.enum(['low', 'normal', 'high', 'urgent']),
      }),
    )
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

  markRead: agentProcedure.input(byConversation).mutation(async ({ ctx, input }) => {
    const loaded = await loadVisibleConversation(ctx.em, ctx.actor, input.conversationId)
    await ctx.em.upsert(ReadMarker, {
      conversation: loaded.conversation,
      agent: ctx.agent,
      readAt: ctx.deps.now(),
    })
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
    const release = ctx.deps.presence.connect(presenceKey.agent(ctx.agent.id))
    try {
      yield* whileSessionLasts(ctx.deps, ctx.session, signal, (signal) =>
        replayThenFollow({
          deps: ctx.deps,
          stream: { kind: 'all' },
          signal,
          lastEventId: input.lastEventId,
          view: (event) => inboxView(ctx.deps, ctx.actor, event),
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
          view: (event) => inboxView(ctx.deps, ctx.actor, event),
        }),
      )
    }),

  onTyping: agentProcedure.input(byConversation).subscription(async function* ({ ctx, input, signal }) {
    await loadVisibleConversation(ctx.em, ctx.actor, input.conversationId)
    yield* whileSessionLasts(ctx.deps, ctx.session, signal, async function* (signal) {
      for await (const message of listenToTyping(ctx.deps, input.conversationId, signal)) {
        if (message.kind !== 'typing' || message.typing.authorId === ctx.agent.id) continue
        const { conversationId, name, visibility, authorKind } = message.typing
        yield { conversationId, name, visibility, authorKind }
      }
    })
  }),
})
