import { Contact, Conversation, ConversationMember, Message } from '@parley/db'
import {
  canManageContacts,
  OUTBOUND_AGENTS_MAX,
  OUTBOUND_CONTACTS_MAX,
  startOutboundConversation,
  validateMessageBody,
} from '@parley/domain'
import { z } from 'zod'
import { activeAgentsByIds } from '../agent-actors.ts'
import { sendQueueOf } from '../send-queue.ts'
import { agentProcedure, refuse, router, unwrap } from '../trpc.ts'
import { bodyInput, clientIdInput, idInput, lineInput } from './inputs.ts'

const SUBJECT_MAX = 120

/**
 * Issue 9, part 6: conversations with customers that an agent starts. Each chosen contact gets one of
 * their own (no customer sees another), assigned to the agent who started it, with the colleagues asked
 * in as participants; the customer finds it in the chat page, live when they are there.
 */
export const outboundRouter = router({
  start: agentProcedure
    .input(
      z.object({
        contactIds: z.array(idInput).min(1).max(OUTBOUND_CONTACTS_MAX),
        agentIds: z.array(idInput).max(OUTBOUND_AGENTS_MAX).default([]),
        subject: lineInput(SUBJECT_MAX).default(''),
        clientId: clientIdInput,
        body: bodyInput,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      // Asked before any lookup: an agent who may not see contacts learns nothing of which exist.
      unwrap(canManageContacts(ctx.actor))
      const body = unwrap(validateMessageBody(input.body))
      const contactIds = [...new Set(input.contactIds)]
      const found = await ctx.em.find(Contact, { id: { $in: contactIds } })
      const contacts = contactIds.flatMap((id) => found.filter((contact) => contact.id === id))
      if (contacts.length !== contactIds.length) refuse('NOT_VISIBLE', 'No such contact.')
      unwrap(
        startOutboundConversation(
          ctx.actor,
          contacts.map((contact) => ({ name: contact.name ?? null, blocked: contact.blocked })),
        ),
      )
      const colleagues = (await activeAgentsByIds(ctx.em, input.agentIds)).filter(
        (agent) => agent.id !== ctx.agent.id,
      )

      // A retried start reaches only the contacts the first attempt did not (its first message is the mark).
      const earlier = await ctx.em.find(
        Message,
        {
          authorAgent: ctx.agent.id,
          clientId: input.clientId,
          conversation: { contact: { $in: contactIds } },
        },
        { populate: ['conversation'] },
      )
      const startedFor = new Map(
        earlier.flatMap((message) => {
          const contactId = message.conversation.contact?.id
          return contactId ? [[contactId, message.conversation.id] as const] : []
        }),
      )

      const started: Array<{ contactId: string; conversationId: string }> = []
      for (const contact of contacts) {
        let conversationId = startedFor.get(contact.id)
        if (!conversationId) {
          const now = ctx.deps.now()
          const conversation = ctx.em.create(Conversation, {
            kind: 'support',
            status: 'open',
            contact,
            assignee: ctx.agent,
            createdBy: ctx.agent,
            subject: input.subject || null,
            lastMessageAt: now,
            createdAt: now,
          })
          for (const agent of colleagues) {
            ctx.em.create(ConversationMember, { conversation, agent, role: 'participant', createdAt: now })
          }
          await ctx.em.flush()
          conversationId = conversation.id
          // The first message reaches the customer's chat page and every inbox through the one send path.
          await sendQueueOf(ctx.deps).send({
            conversationId,
            author: { kind: 'agent', id: ctx.agent.id },
            policy: 'reply',
            body,
            clientId: input.clientId,
            attachments: [],
          })
        }
        started.push({ contactId: contact.id, conversationId })
      }
      return { started }
    }),
})
