import { agentsRouter, authRouter } from './routers/auth.router.ts'
import { contactRouter } from './routers/contact.router.ts'
import { conversationRouter } from './routers/conversation.router.ts'
import { customerRouter } from './routers/customer.router.ts'
import { internalRouter } from './routers/internal.router.ts'
import { kbRouter } from './routers/kb.router.ts'
import { mailRouter } from './routers/mail.router.ts'
import { outboundRouter } from './routers/outbound.router.ts'
import { pushRouter } from './routers/push.router.ts'
import { teamRouter } from './routers/team.router.ts'
import { textBlockRouter } from './routers/text-block.router.ts'
import { ticketRouter } from './routers/ticket.router.ts'
import { widgetRouter } from './routers/widget.router.ts'
import { router } from './trpc.ts'

export const appRouter = router({
  auth: authRouter,
  agents: agentsRouter,
  contacts: contactRouter,
  conversation: conversationRouter,
  customer: customerRouter,
  team: teamRouter,
  textBlocks: textBlockRouter,
  kb: kbRouter,
  tickets: ticketRouter,
  internal: internalRouter,
  outbound: outboundRouter,
  widget: widgetRouter,
  push: pushRouter,
  mail: mailRouter,
})

export type AppRouter = typeof appRouter
