import { Agent, type EntityManager, TextBlock } from '@parley/db'
import { type Actor, canUseTextBlock, canWriteTextBlock, fillTextBlock } from '@parley/domain'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { loadVisibleConversation } from '../conversation-facts.ts'
import { agentProcedure, router, unwrap } from '../trpc.ts'
import { bodyInput, idInput, lineInput, requiredLineInput } from './inputs.ts'

const LIST_LIMIT = 200

const factsOf = (block: TextBlock) => ({ ownerId: block.owner?.id ?? null })

function toTextBlockDTO(block: TextBlock, actor: Actor) {
  return {
    id: block.id,
    title: block.title,
    body: block.body,
    shared: !block.owner,
    /** Whether this agent may change or remove it (text-block.rules.ts). */
    writable: canWriteTextBlock(factsOf(block), actor).ok,
    updatedAt: block.updatedAt,
  }
}

async function loadUsable(em: EntityManager, id: string, actor: Actor) {
  const block = await em.findOne(TextBlock, { id })
  if (!block) throw new TRPCError({ code: 'NOT_FOUND', message: 'This text block does not exist.' })
  unwrap(canUseTextBlock(factsOf(block), actor))
  return block
}

const blockInput = z.object({
  title: requiredLineInput(120),
  body: bodyInput.refine((body) => body.trim().length > 0, 'A text block needs some text.'),
  shared: z.boolean(),
})

export const textBlockRouter = router({
  /** The shared blocks and this agent's own, found by title or text. */
  list: agentProcedure
    .input(z.object({ search: lineInput(200).optional() }))
    .query(async ({ ctx, input }) => {
      const blocks = await ctx.em.find(
        TextBlock,
        { $or: [{ owner: null }, { owner: ctx.agent.id }] },
        { orderBy: { title: 'asc' }, limit: LIST_LIMIT },
      )
      const search = input.search?.toLocaleLowerCase()
      return blocks
        .filter((block) => !search || `${block.title}\n${block.body}`.toLocaleLowerCase().includes(search))
        .map((block) => toTextBlockDTO(block, ctx.actor))
    }),

  create: agentProcedure.input(blockInput).mutation(async ({ ctx, input }) => {
    const owner = input.shared ? null : ctx.agent
    unwrap(canWriteTextBlock({ ownerId: owner?.id ?? null }, ctx.actor))
    const block = ctx.em.create(TextBlock, { title: input.title, body: input.body, owner })
    await ctx.em.flush()
    return toTextBlockDTO(block, ctx.actor)
  }),

  /** Title and text; whether it is shared stays as it was made. */
  change: agentProcedure
    .input(blockInput.omit({ shared: true }).extend({ id: idInput }))
    .mutation(async ({ ctx, input }) => {
      const block = await loadUsable(ctx.em, input.id, ctx.actor)
      unwrap(canWriteTextBlock(factsOf(block), ctx.actor))
      block.title = input.title
      block.body = input.body
      await ctx.em.flush()
      return toTextBlockDTO(block, ctx.actor)
    }),

  remove: agentProcedure.input(z.object({ id: idInput })).mutation(async ({ ctx, input }) => {
    const block = await loadUsable(ctx.em, input.id, ctx.actor)
    unwrap(canWriteTextBlock(factsOf(block), ctx.actor))
    await ctx.em.remove(block).flush()
  }),

  /** The block's text with its variables filled in for one conversation, ready to edit in the composer. */
  fill: agentProcedure
    .input(z.object({ id: idInput, conversationId: idInput }))
    .query(async ({ ctx, input }) => {
      const block = await loadUsable(ctx.em, input.id, ctx.actor)
      const { conversation } = await loadVisibleConversation(ctx.em, ctx.actor, input.conversationId)
      const contact = conversation.contact
      const agent = await ctx.em.findOneOrFail(Agent, { id: ctx.agent.id })
      return {
        body: fillTextBlock(block.body, {
          // A visitor who gave no name has none: "Visitor 4F2A" is the team's label, not a way to greet them.
          'contact.name': contact?.name ?? '',
          'contact.email': contact?.email ?? '',
          'agent.name': agent.name,
          'conversation.number': conversation.ticketNumber ? String(conversation.ticketNumber) : '',
        }),
      }
    }),
})
