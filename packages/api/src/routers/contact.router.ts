import { Contact, Conversation, type EntityManager, InboxReadModel } from '@parley/db'
import {
  canManageContacts,
  cleanAttributes,
  MAX_CONTACT_ATTRIBUTES,
  MAX_PRECHAT_ANSWER_LENGTH,
  MAX_PRECHAT_QUESTION_LENGTH,
} from '@parley/domain'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { toContactDTO } from '../dto.ts'
import { agentProcedure, router, unwrap } from '../trpc.ts'
import { emailInput } from './auth.router.ts'
import { idInput, lineInput } from './inputs.ts'

const LIST_LIMIT = 100
const CONVERSATIONS_LIMIT = 50

/** Contacts are for admins and support agents (contact.rules.ts); everyone else is refused here. */
const contactProcedure = agentProcedure.use(({ ctx, next }) => {
  unwrap(canManageContacts(ctx.actor))
  return next()
})

/** As the team types it, and as a visitor gives it in the pre-chat form (customer.start). */
export const phoneInput = lineInput(40).refine(
  (phone) => phone === '' || /^\+?[\d\s().\-/]{3,40}$/.test(phone),
  'A phone number has digits, spaces and + ( ) - / only.',
)

const detailsInput = z.object({
  contactId: idInput,
  name: lineInput(100),
  email: z.union([emailInput, z.literal('')]),
  phone: phoneInput,
  company: lineInput(120),
  // As long as a pre-chat question and its answer, which start out as one of these fields: the team
  // can save such a contact again.
  attributes: z
    .array(
      z.object({ key: lineInput(MAX_PRECHAT_QUESTION_LENGTH), value: lineInput(MAX_PRECHAT_ANSWER_LENGTH) }),
    )
    .max(MAX_CONTACT_ATTRIBUTES, `At most ${MAX_CONTACT_ATTRIBUTES} fields.`),
})

function toContactDetails(contact: Contact) {
  return {
    ...toContactDTO(contact),
    phone: contact.phone ?? null,
    company: contact.company ?? null,
    attributes: contact.attributes ?? [],
    createdAt: contact.createdAt,
    lastSeenAt: contact.lastSeenAt ?? null,
  }
}

async function loadContact(em: EntityManager, id: string): Promise<Contact> {
  const contact = await em.findOne(Contact, { id })
  if (!contact) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such contact.' })
  return contact
}

export const contactRouter = router({
  list: contactProcedure
    .input(z.object({ search: lineInput(200).optional() }))
    .query(async ({ ctx, input }) => {
      const ids = await InboxReadModel.of(ctx.deps.orm).contactIds({
        search: input.search || null,
        limit: LIST_LIMIT,
      })
      const byId = new Map(
        (await ctx.em.find(Contact, { id: { $in: ids } })).map((contact) => [contact.id, contact]),
      )
      return ids.flatMap((id) => {
        const contact = byId.get(id)
        return contact ? [toContactDetails(contact)] : []
      })
    }),

  /** One contact with their conversations, newest first (Trash left out, as everywhere). */
  get: contactProcedure.input(z.object({ contactId: idInput })).query(async ({ ctx, input }) => {
    const contact = await loadContact(ctx.em, input.contactId)
    const conversations = await ctx.em.find(
      Conversation,
      { contact: contact.id, kind: 'support', trashedAt: null },
      { orderBy: { lastMessageAt: 'desc' }, limit: CONVERSATIONS_LIMIT },
    )
    return {
      contact: toContactDetails(contact),
      conversations: conversations.map((conversation) => ({
        id: conversation.id,
        status: conversation.status,
        preview: conversation.lastPreview ?? null,
        lastMessageAt: conversation.lastMessageAt,
        ticket: conversation.ticketNumber
          ? { number: conversation.ticketNumber, title: conversation.ticketTitle ?? '' }
          : null,
      })),
    }
  }),

  /** What the team knows about a customer; an email set here is the team's word, not the customer's claim. */
  saveDetails: contactProcedure.input(detailsInput).mutation(async ({ ctx, input }) => {
    const contact = await loadContact(ctx.em, input.contactId)
    contact.name = input.name || null
    contact.email = input.email || null
    contact.phone = input.phone || null
    contact.company = input.company || null
    const attributes = cleanAttributes(input.attributes)
    contact.attributes = attributes.length > 0 ? attributes : null
    await ctx.em.flush()
    return toContactDetails(contact)
  }),

  /** Rule 7: no new conversation and no new message from them, by any channel, until unblocked. */
  block: contactProcedure.input(z.object({ contactId: idInput })).mutation(async ({ ctx, input }) => {
    const contact = await loadContact(ctx.em, input.contactId)
    contact.blocked = true
    await ctx.em.flush()
    return toContactDetails(contact)
  }),

  unblock: contactProcedure.input(z.object({ contactId: idInput })).mutation(async ({ ctx, input }) => {
    const contact = await loadContact(ctx.em, input.contactId)
    contact.blocked = false
    await ctx.em.flush()
    return toContactDetails(contact)
  }),
})
