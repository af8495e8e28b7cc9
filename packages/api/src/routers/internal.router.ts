import { Conversation, ConversationMember } from '@parley/db'
import {
  addParticipant,
  type SystemEvent,
  startInternalConversation,
  validateMessageBody,
} from '@parley/domain'
import { z } from 'zod'
import { activeAgentsByIds } from '../agent-actors.ts'
import { loadConversation } from '../conversation-facts.ts'
import { ConversationWriter } from '../conversation-writer.ts'
import { toConversationDTO } from '../dto.ts'
import { sendQueueOf } from '../send-queue.ts'
import { agentProcedure, refuse, router, unwrap } from '../trpc.ts'
import { bodyInput, clientIdInput, idInput, lineInput } from './inputs.ts'

/** Colleagues in one conversation between agents at most (its creator besides). */
const PARTICIPANTS_MAX = 50
const SUBJECT_MAX = 120

/**
 * Who may be asked into a conversation between agents. Customers are named here only to be refused:
 * the domain says why (rule 8), so a call that tries it gets that answer, not a shape error.
 */
const participantInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agent'), id: idInput }),
  z.object({ kind: z.literal('customer'), id: idInput }),
])

/**
 * Issue 9, part 5 (rule 8): conversations between agents. Only their participants see them, in the
 * "Internal" section of their inbox, live; not even an admin who is not one of them; never a customer.
 */
export const internalRouter = router({
  start: agentProcedure
    .input(
      z.object({
        participants: z.array(participantInput).min(1).max(PARTICIPANTS_MAX),
        subject: lineInput(SUBJECT_MAX).default(''),
        clientId: clientIdInput,
        body: bodyInput,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      unwrap(startInternalConversation(ctx.actor, input.participants))
      const body = unwrap(validateMessageBody(input.body))
      const colleagues = (
        await activeAgentsByIds(
          ctx.em,
          input.participants.map((p) => p.id),
        )
      ).filter((agent) => agent.id !== ctx.agent.id)
      const now = ctx.deps.now()
      const conversation = ctx.em.create(Conversation, {
        kind: 'internal',
        status: 'open',
        createdBy: ctx.agent,
        subject: input.subject || null,
        lastMessageAt: now,
        createdAt: now,
      })
      for (const agent of colleagues) {
        ctx.em.create(ConversationMember, { conversation, agent, role: 'participant', createdAt: now })
      }
      await ctx.em.flush()
      // The first message tells every participant's inbox, live, through the one send path.
      await sendQueueOf(ctx.deps).send({
        conversationId: conversation.id,
        author: { kind: 'agent', id: ctx.agent.id },
        policy: 'reply',
        body,
        clientId: input.clientId,
        attachments: [],
      })
      const loaded = await loadConversation(ctx.deps.orm.em.fork(), conversation.id)
      return toConversationDTO(ctx.em, ctx.deps, ctx.actor, loaded)
    }),

  /** Another colleague asked in; they see the whole conversation from then on. */
  addParticipant: agentProcedure
    .input(z.object({ conversationId: idInput, participant: participantInput }))
    .mutation(async ({ ctx, input }) => {
      const loaded = await loadConversation(ctx.em, input.conversationId)
      // Asked first without the agent: a customer is refused before anyone is looked up.
      unwrap(addParticipant(loaded.facts, ctx.actor, { kind: input.participant.kind }))
      // This procedure is the door of conversations between agents; a customer's takes agents other ways.
      if (loaded.facts.kind !== 'internal') {
        refuse('INVALID_TRANSITION', 'Only conversations between agents take participants here.')
      }
      const [agent] = await activeAgentsByIds(ctx.em, [input.participant.id])
      unwrap(addParticipant(loaded.facts, ctx.actor, { kind: 'agent', id: agent!.id, name: agent!.name }))
      const event: SystemEvent = { type: 'participant_added', agentName: agent!.name }
      const now = ctx.deps.now()
      loaded.conversation.updatedAt = now
      const writer = new ConversationWriter(ctx.em, ctx.deps)
      writer.within(async (em) => {
        em.create(ConversationMember, {
          conversation: loaded.conversation,
          agent: agent!,
          role: 'participant',
          createdAt: now,
        })
        await em.flush()
      })
      loaded.facts = { ...loaded.facts, memberIds: [...loaded.facts.memberIds, agent!.id] }
      writer.changed(loaded, event, ctx.agent)
      await writer.commit()
      return toConversationDTO(ctx.em, ctx.deps, ctx.actor, loaded)
    }),
})
