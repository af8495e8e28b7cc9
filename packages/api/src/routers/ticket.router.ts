import { InboxReadModel, OptimisticLockError, Team, TicketOffer } from '@parley/db'
import {
  acceptOffer,
  canView,
  changeTicket,
  linkToTicket,
  OFFER_TIMEOUT_MAX_MINUTES,
  offerOf,
  offerTicket,
  type SystemEvent,
  withdrawOffers,
} from '@parley/domain'
import { z } from 'zod'
import { activeAgentsByIds } from '../agent-actors.ts'
import { factsOfSnapshot, loadConversation } from '../conversation-facts.ts'
import { ConversationWriter } from '../conversation-writer.ts'
import { inboxEntryDTOs, toConversationDTO } from '../dto.ts'
import { agentProcedure, refuse, router, unwrap } from '../trpc.ts'
import { idInput, ticketDraftInput } from './inputs.ts'

/** The Tickets page shows at most this many at once; the filters narrow it down. */
const TICKETS_LIMIT = 200
/** A ticket is offered to at most this many agents at once (and a team). */
const OFFER_RECIPIENTS_MAX = 50

const byConversation = z.object({ conversationId: idInput })

const ticketFilterInput = z.object({
  status: z.enum(['open', 'closed']).nullable().default(null),
  /** An agent, `none` for unassigned tickets, or null for anyone's. */
  assignee: z
    .union([idInput, z.literal('none')])
    .nullable()
    .default(null),
  teamId: idInput.nullable().default(null),
  priority: z.enum(['low', 'normal', 'high', 'urgent']).nullable().default(null),
  type: z.enum(['ticket', 'task']).nullable().default(null),
  sort: z.enum(['updated', 'newest', 'number', 'priority']).default('updated'),
  /** A ticket's number ("12" or "#12") or words of its title: how "Link to ticket" finds one. */
  search: z.string().trim().max(200).default(''),
})

/** Issue 9, part 1: tickets and tasks across the inbox, and their details. */
export const ticketRouter = router({
  list: agentProcedure.input(ticketFilterInput).query(async ({ ctx, input }) => {
    const rows = await InboxReadModel.of(ctx.deps.orm).tickets({
      ...input,
      agentId: ctx.agent.id,
      limit: TICKETS_LIMIT,
    })
    // The query narrows; the domain decides who may see each (rule 9).
    const visible = rows.filter((row) => canView(factsOfSnapshot(row), ctx.actor).ok)
    return inboxEntryDTOs(ctx.deps, ctx.actor, visible)
  }),

  /**
   * Issue 9, part 2: a conversation linked into an existing ticket. It keeps its history and stays a
   * conversation of its own; the customer is told which ticket it is now part of, and the ticket lists it.
   */
  link: agentProcedure
    .input(z.object({ conversationId: idInput, ticketId: idInput }))
    .mutation(async ({ ctx, input }) => {
      const loaded = await loadConversation(ctx.em, input.conversationId)
      const target = await loadConversation(ctx.em, input.ticketId)
      const { event, ticketEvent } = unwrap(
        linkToTicket(loaded.facts, target.facts, ctx.actor, {
          sameConversation: loaded.conversation.id === target.conversation.id,
          alreadyLinked: loaded.conversation.linkedTicket?.id === target.conversation.id,
        }),
      )
      loaded.conversation.linkedTicket = target.conversation
      const writer = new ConversationWriter(ctx.em, ctx.deps)
      writer.changed(loaded, event, ctx.agent)
      writer.changed(target, ticketEvent, ctx.agent)
      await writer.commit()
      return toConversationDTO(ctx.em, ctx.deps, ctx.actor, loaded)
    }),

  /**
   * Rule 6: an open, unassigned ticket offered to agents and/or a team, replacing a pending offer. With
   * a timeout, the offer sweep takes it back if nobody accepts in time.
   */
  offer: agentProcedure
    .input(
      z.object({
        conversationId: idInput,
        agentIds: z.array(idInput).max(OFFER_RECIPIENTS_MAX).default([]),
        teamId: idInput.nullable().default(null),
        timeoutMinutes: z.number().int().min(1).max(OFFER_TIMEOUT_MAX_MINUTES).nullable().default(null),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const loaded = await loadConversation(ctx.em, input.conversationId)
      const agents = await activeAgentsByIds(ctx.em, input.agentIds)
      const team = input.teamId ? await ctx.em.findOne(Team, { id: input.teamId }) : null
      if (input.teamId && !team) refuse('NOT_VISIBLE', 'No such team.')
      const { event } = unwrap(offerTicket(loaded.facts, ctx.actor, { agents, team }))
      const now = ctx.deps.now()
      const expiresAt = input.timeoutMinutes ? new Date(now.getTime() + input.timeoutMinutes * 60_000) : null
      const writer = new ConversationWriter(ctx.em, ctx.deps)
      // Writing the conversation's row (its version) first: a send or an accept decided before is decided again.
      loaded.conversation.updatedAt = now
      writer.withdrawOffers(loaded)
      writer.within(async (em) => {
        for (const recipient of [
          ...agents.map((agent) => ({ agent, team: null })),
          ...(team ? [{ agent: null, team }] : []),
        ]) {
          em.create(TicketOffer, {
            conversation: loaded.conversation,
            ...recipient,
            status: 'pending',
            offeredBy: ctx.agent,
            expiresAt,
            createdAt: now,
          })
        }
        await em.flush()
      })
      loaded.facts = {
        ...loaded.facts,
        offeredAgentIds: agents.map((agent) => agent.id),
        offeredTeamIds: team ? [team.id] : [],
      }
      writer.changed(loaded, event, ctx.agent)
      await writer.commit()
      return toConversationDTO(ctx.em, ctx.deps, ctx.actor, loaded)
    }),

  /**
   * Rule 6: the first accept wins, atomically, on either database and across instances. The accept writes
   * the conversation's row first (its version checked): of two racing accepts the second waits for the
   * first and then finds the version moved on (OFFER_TAKEN); the offer itself is claimed only while
   * still pending, and the other pending offers are withdrawn in the same transaction.
   */
  accept: agentProcedure.input(byConversation).mutation(async ({ ctx, input }) => {
    const loaded = await loadConversation(ctx.em, input.conversationId)
    const offers = await ctx.em.find(TicketOffer, { conversation: input.conversationId })
    const domainOffers = offers.map((offer) => ({
      id: offer.id,
      agentId: offer.agent?.id ?? null,
      teamId: offer.team?.id ?? null,
      status: offer.status,
    }))
    const mine = offerOf(domainOffers, ctx.actor)
    // Whoever was never offered it and cannot see it learns nothing, not even that it exists; those it
    // was offered to hear that it went, even once it is out of their sight.
    if (!mine) unwrap(canView(loaded.facts, ctx.actor))
    const { withdrawnOfferIds } = unwrap(
      acceptOffer(domainOffers, mine?.id ?? '', ctx.actor, ctx.actor.teamIds ?? []),
    )
    // Accepted, it is assigned to the one who accepted: the customer hears who joined (rule 14).
    const event: SystemEvent = { type: 'assigned', agentName: ctx.agent.name }
    const offered = loaded.facts
    loaded.facts = { ...loaded.facts, offeredAgentIds: [], offeredTeamIds: [] }
    loaded.conversation.assignee = ctx.agent
    const writer = new ConversationWriter(ctx.em, ctx.deps)
    writer.within(async (em) => {
      const claimed = await em.nativeUpdate(
        TicketOffer,
        { id: mine!.id, status: 'pending' },
        { status: 'accepted' },
      )
      if (claimed === 0) refuse('OFFER_TAKEN', 'Someone else has already accepted this ticket.')
      if (withdrawnOfferIds.length > 0) {
        await em.nativeUpdate(
          TicketOffer,
          { id: { $in: withdrawnOfferIds }, status: 'pending' },
          { status: 'withdrawn' },
        )
      }
    })
    // Heard by all it was offered to: it leaves the inbox of those who now cannot see it.
    writer.changed(loaded, event, ctx.agent, offered)
    try {
      await writer.commit()
    } catch (error) {
      if (error instanceof OptimisticLockError) {
        refuse('OFFER_TAKEN', 'Someone else has already accepted this ticket.')
      }
      throw error
    }
    return toConversationDTO(ctx.em, ctx.deps, ctx.actor, loaded)
  }),

  /** Rule 6: pending offers taken back; the ticket is free to assign (or offer) again. */
  withdrawOffer: agentProcedure.input(byConversation).mutation(async ({ ctx, input }) => {
    const loaded = await loadConversation(ctx.em, input.conversationId)
    const { event } = unwrap(withdrawOffers(loaded.facts, ctx.actor))
    loaded.conversation.updatedAt = ctx.deps.now()
    const writer = new ConversationWriter(ctx.em, ctx.deps)
    const offered = writer.withdrawOffers(loaded)
    writer.changed(loaded, event, ctx.agent, offered)
    await writer.commit()
    return toConversationDTO(ctx.em, ctx.deps, ctx.actor, loaded)
  }),

  /** Title, priority, type: each change a system event in the thread (only the title the customer's too). */
  change: agentProcedure
    .input(ticketDraftInput.extend({ conversationId: idInput }))
    .mutation(async ({ ctx, input }) => {
      const loaded = await loadConversation(ctx.em, input.conversationId)
      const { ticket, events } = unwrap(changeTicket(loaded.facts, ctx.actor, input))
      Object.assign(loaded.conversation, {
        ticketTitle: ticket.title,
        ticketType: ticket.type,
        ticketPriority: ticket.priority,
      })
      const writer = new ConversationWriter(ctx.em, ctx.deps)
      for (const event of events) writer.changed(loaded, event, ctx.agent)
      await writer.commit()
      return toConversationDTO(ctx.em, ctx.deps, ctx.actor, loaded)
    }),
})
