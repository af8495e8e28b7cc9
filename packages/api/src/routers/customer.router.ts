import { Contact, Conversation, Message } from '@parley/db'
import {
  canStartConversation,
  canView,
  checkPrechatAnswers,
  customerCanPost,
  followUpTicket,
  isVisibleTo,
  MAX_PRECHAT_ANSWER_LENGTH,
  startsBlocked,
  validateMessageBody,
} from '@parley/domain'
import { z } from 'zod'
import { attachmentsForSend, fileKeyOf } from '../attachments.ts'
import { factsOf, loadConversation, loadVisibleConversation, noMembers } from '../conversation-facts.ts'
import { ConversationWriter } from '../conversation-writer.ts'
import {
  type CustomerConversationDTO,
  type MessageDTO,
  toContactDTO,
  toCustomerConversationDTO,
  toCustomerConversationDTOs,
  toMessageDTO,
} from '../dto.ts'
import { listenToTyping, topics } from '../event-bus.ts'
import { availabilityOf } from '../helpdesk.ts'
import { currentPrechatForm, prechatFormOutput } from '../prechat.ts'
import { presenceKey } from '../presence.ts'
import { markReadByCustomer } from '../read-receipts.ts'
import { hashToken, newToken } from '../secrets.ts'
import { sendQueueOf } from '../send-queue.ts'
import { currentEventId, lastEventIdInput, replayThenFollow } from '../subscriptions.ts'
import { emailTranscript } from '../transcripts.ts'
import { customerProcedure, publicProcedure, router, unwrap, visitorProcedure } from '../trpc.ts'
import { emailInput } from './auth.router.ts'
import { phoneInput } from './contact.router.ts'
import { bodyInput, clientIdInput, idInput, lineInput, localeInput, messageInput } from './inputs.ts'

export type CustomerEvent =
  | { type: 'message.created'; conversationId: string; message: MessageDTO }
  | { type: 'conversation.updated'; conversation: CustomerConversationDTO }
  /** Moved to Trash by the team: gone from the customer's list. */
  | { type: 'conversation.removed'; conversationId: string }

export const customerRouter = router({
  /** Whether the helpdesk answers now, with the admin's words: the chat page shows it before and during a chat. */
  availability: publicProcedure.query(({ ctx }) => availabilityOf(ctx.em, ctx.deps)),

  /** What the chat page asks a first-time visitor before their first message (issue 10, part 1). */
  prechat: publicProcedure
    .output(prechatFormOutput)
    .query(async ({ ctx }) => ({ fields: await currentPrechatForm(ctx.em) })),

  /**
   * A new visitor: the token is the only credential and lives in the visitor's browser. Their answers
   * to the pre-chat form fill the new contact; an email is a hint for the team and links to nobody.
   */
  start: publicProcedure
    .input(
      z.object({
        name: lineInput(100).optional(),
        email: z.union([emailInput, z.literal('')]).optional(),
        phone: phoneInput.optional(),
        /** The answer to the admin's custom question. */
        answer: lineInput(MAX_PRECHAT_ANSWER_LENGTH).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await ctx.deps.limits.customerStart(ctx.address)
      const details = unwrap(checkPrechatAnswers(await currentPrechatForm(ctx.em), input))
      const token = newToken()
      const email = details.email
      const blockedWithThatEmail = email === null ? 0 : await ctx.em.count(Contact, { email, blocked: true })
      const blocked = startsBlocked(email, blockedWithThatEmail)
      const contact = ctx.em.create(Contact, {
        name: details.name,
        email,
        phone: details.phone,
        attributes: details.attributes.length > 0 ? details.attributes : null,
        blocked,
        tokenHash: hashToken(token),
      })
      await ctx.em.flush()
      return { token, contact: toContactDTO(contact) }
    }),

  me: customerProcedure.query(({ ctx }) => toContactDTO(ctx.contact)),

  conversations: customerProcedure.query(async ({ ctx }) => {
    const conversations = await ctx.em.find(
      Conversation,
      { contact: ctx.contact.id, kind: 'support', trashedAt: null },
      { orderBy: { createdAt: 'desc' }, limit: 100, populate: ['contact', 'assignee'] },
    )
    // The query narrows; the domain decides which of them this customer sees (rule 8).
    const visible = conversations
      .map((conversation) => ({ conversation, facts: factsOf(conversation, noMembers) }))
      .filter(({ facts }) => canView(facts, ctx.actor).ok)
    return toCustomerConversationDTOs(ctx.deps, visible, ctx.actor)
  }),

  conversation: customerProcedure.input(z.object({ id: idInput })).query(async ({ ctx, input }) => {
    const lastEventId = await currentEventId(ctx.deps)
    const loaded = await loadVisibleConversation(ctx.em, ctx.actor, input.id)
    const messages = await ctx.em.find(
      Message,
      { conversation: input.id, visibility: 'public' },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: 1000, populate: ['authorAgent', 'authorContact'] },
    )
    return {
      conversation: await toCustomerConversationDTO(ctx.deps, loaded, ctx.actor),
      messages: messages.filter((m) => isVisibleTo(m, ctx.actor)).map((m) => toMessageDTO(m, input.id)),
      lastEventId,
    }
  }),

  startConversation: customerProcedure
    .input(
      z.object({
        clientId: clientIdInput,
        body: bodyInput,
        /** The closed ticket this conversation continues (rule 4, issue 9, part 7). */
        followsUp: idInput.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await ctx.deps.limits.conversationStart(ctx.contact.id)
      const body = unwrap(validateMessageBody(input.body))
      // A retried first message goes to the conversation the first attempt opened (the queue answers it).
      const retried = await ctx.em.findOne(
        Message,
        { authorContact: ctx.contact.id, clientId: input.clientId },
        { fields: ['conversation'] },
      )
      let conversationId = retried?.conversation.id
      if (!conversationId) {
        unwrap(canStartConversation(ctx.actor))
        const ticket = input.followsUp ? await loadConversation(ctx.em, input.followsUp) : null
        const followUp = ticket ? unwrap(followUpTicket(ticket.facts, ctx.actor)) : null
        const conversation = ctx.em.create(Conversation, {
          kind: 'support',
          status: 'open',
          contact: ctx.contact,
          linkedTicket: ticket?.conversation ?? null,
          lastMessageAt: ctx.deps.now(),
          createdAt: ctx.deps.now(),
        })
        await ctx.em.flush()
        conversationId = conversation.id
        if (ticket && followUp) {
          // Said before the first message: the thread opens with which ticket it continues.
          const writer = new ConversationWriter(ctx.em, ctx.deps)
          writer.changed(await loadConversation(ctx.em, conversationId), followUp.event, null)
          writer.changed(ticket, followUp.ticketEvent, null)
          await writer.commit()
        }
      }
      const message = await sendQueueOf(ctx.deps).send({
        conversationId,
        author: { kind: 'customer', id: ctx.contact.id },
        policy: 'customer',
        body,
        clientId: input.clientId,
        attachments: [],
      })
      // Read back as it is now: the send path has just written its preview and times.
      const em = ctx.deps.orm.em.fork()
      const loaded = await loadConversation(em, conversationId)
      return { conversation: await toCustomerConversationDTO(ctx.deps, loaded, ctx.actor), message }
    }),

  send: visitorProcedure.input(messageInput).mutation(async ({ ctx, input }) => {
    await ctx.deps.limits.customerSend(ctx.contactId)
    const author = { kind: 'customer' as const, id: ctx.contactId }
    const body = unwrap(validateMessageBody(input.body, { attachments: input.attachmentIds.length }))
    return sendQueueOf(ctx.deps).send({
      conversationId: input.conversationId,
      author,
      policy: 'customer',
      body,
      clientId: input.clientId,
      attachments: await attachmentsForSend(ctx.em, author, input.conversationId, input.attachmentIds),
    })
  }),

  /** The customer's key to their files in `/files/…` links, where a header cannot go (attachments.ts). */
  fileKey: customerProcedure.query(({ ctx }) => fileKeyOf(ctx.contact)),

  /** The conversation by email, to the address the customer gave (issue 11, part 6). */
  emailTranscript: customerProcedure
    .input(z.object({ conversationId: idInput }))
    .mutation(async ({ ctx, input }) => {
      const loaded = await loadVisibleConversation(ctx.em, ctx.actor, input.conversationId)
      return emailTranscript(ctx.deps, ctx.em, ctx.contact, loaded)
    }),

  /** The chat's language, whenever it is chosen: the customer's emails are written in it. */
  setLocale: customerProcedure.input(localeInput).mutation(async ({ ctx, input }) => {
    if (ctx.contact.locale === input.locale) return
    ctx.contact.locale = input.locale
    await ctx.em.flush()
  }),

  markRead: customerProcedure
    .input(z.object({ conversationId: idInput }))
    .mutation(async ({ ctx, input }) => {
      const loaded = await loadVisibleConversation(ctx.em, ctx.actor, input.conversationId)
      await markReadByCustomer(ctx.deps, loaded)
    }),

  typing: customerProcedure.input(z.object({ conversationId: idInput })).mutation(async ({ ctx, input }) => {
    // Past the limit the signal is dropped without an error, before it costs a query: nobody waits on it.
    if (!(await ctx.deps.limits.customerTyping(ctx.contact.id))) return
    const loaded = await loadVisibleConversation(ctx.em, ctx.actor, input.conversationId)
    // Someone who may not post (blocked, closed ticket) is not "typing" either.
    if (!customerCanPost(loaded.facts, ctx.actor)) return
    ctx.deps.bus.publish(topics.typing(input.conversationId), {
      kind: 'typing',
      typing: {
        conversationId: input.conversationId,
        authorKind: 'customer',
        authorId: ctx.contact.id,
        name: ctx.contact.name ?? '',
        visibility: 'public',
      },
    })
  }),

  onEvents: customerProcedure
    .input(z.object({ lastEventId: lastEventIdInput }))
    .subscription(async function* ({ ctx, input, signal }) {
      const release = ctx.deps.presence.connect(presenceKey.contact(ctx.contact.id))
      try {
        yield* replayThenFollow<CustomerEvent>({
          deps: ctx.deps,
          // Its public events only: the log files each event under the conversation's customer.
          stream: { kind: 'contact', contactId: ctx.contact.id },
          signal,
          lastEventId: input.lastEventId,
          // Rule 1, decided at fan-out: a customer stream never carries an internal event.
          view: async (event) => {
            if (!canView(event.access, ctx.actor).ok || !isVisibleTo(event, ctx.actor)) return null
            if (event.type === 'message.created') {
              return {
                type: 'message.created',
                conversationId: event.conversationId,
                message: event.payload as MessageDTO,
              }
            }
            // A state change, or the team's read receipt: the conversation as it is now, "Seen" included.
            const em = ctx.deps.orm.em.fork()
            const loaded = await loadConversation(em, event.conversationId)
            if (!canView(loaded.facts, ctx.actor).ok) {
              return { type: 'conversation.removed', conversationId: event.conversationId }
            }
            return {
              type: 'conversation.updated',
              conversation: await toCustomerConversationDTO(ctx.deps, loaded, ctx.actor),
            }
          },
        })
      } finally {
        release()
      }
    }),

  /** Agents typing a reply; never a note being written (rule 1). */
  onTyping: customerProcedure.input(z.object({ conversationId: idInput })).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    await loadVisibleConversation(ctx.em, ctx.actor, input.conversationId)
    for await (const message of listenToTyping(ctx.deps, input.conversationId, signal)) {
      if (message.kind !== 'typing' || message.typing.authorKind !== 'agent') continue
      if (!isVisibleTo(message.typing, ctx.actor)) continue
      yield { conversationId: input.conversationId, name: message.typing.name }
    }
  }),
})
