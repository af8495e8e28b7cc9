import { PushSubscription, UniqueConstraintViolationException } from '@parley/db'
import { isPushServiceEndpoint, PUSH_SERVICES } from '@parley/domain'
import { z } from 'zod'
import { customerProcedure, refuse, router } from '../trpc.ts'
import { vapidKeysOf } from '../web-push.ts'

/** What a browser's PushSubscription.toJSON() gives, within the sizes push services use. */
const subscriptionInput = z.object({
  endpoint: z.url({ protocol: /^https?$/, error: 'A push endpoint is an https address.' }).max(1000),
  keys: z.object({
    p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}=*$/, 'Not a browser push key.'),
    auth: z.string().regex(/^[A-Za-z0-9_-]{16,32}=*$/, 'Not a browser push secret.'),
  }),
})

/**
 * Issue 10, part 6: customers who want to hear of a reply after they left the chat. Their browser
 * subscribes with the helpdesk's public key; the sweep (web-push.ts) does the sending.
 */
export const pushRouter = router({
  /** The VAPID public key a browser subscribes with. */
  key: customerProcedure.query(async ({ ctx }) => ({ publicKey: (await vapidKeysOf(ctx.deps)).publicKey })),

  subscribe: customerProcedure.input(subscriptionInput).mutation(async ({ ctx, input }) => {
    if (!isPushServiceEndpoint(input.endpoint, ctx.deps.settings.pushServices ?? PUSH_SERVICES)) {
      refuse('PUSH_ENDPOINT_INVALID', 'That is not the address of a browser push service.')
    }
    // One browser is one subscription: subscribing again, or as another visitor, takes it over.
    const existing = await ctx.em.findOne(PushSubscription, { endpoint: input.endpoint })
    const subscription =
      existing ??
      ctx.em.create(PushSubscription, {
        contact: ctx.contact,
        endpoint: input.endpoint,
        p256dh: input.keys.p256dh,
        auth: input.keys.auth,
      })
    subscription.contact = ctx.contact
    subscription.p256dh = input.keys.p256dh
    subscription.auth = input.keys.auth
    try {
      await ctx.em.flush()
    } catch (error) {
      // The same browser subscribing twice at once: the other call stored it.
      if (!(error instanceof UniqueConstraintViolationException)) throw error
    }
  }),

  /** Only this visitor's own: an endpoint is no proof of anything. */
  unsubscribe: customerProcedure
    .input(z.object({ endpoint: z.string().max(1000) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.em.nativeDelete(PushSubscription, { endpoint: input.endpoint, contact: ctx.contact.id })
    }),
})
