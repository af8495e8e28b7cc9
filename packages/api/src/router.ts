import { agentsRouter, authRouter } from './routers/auth.router.ts'
import { conversationRouter } from './routers/conversation.router.ts'
import { customerRouter } from './routers/customer.router.ts'
import { kbRouter } from './routers/kb.router.ts'
import { router } from './trpc.ts'

export const appRouter = router({
  auth: authRouter,
  agents: agentsRouter,
  conversation: conversationRouter,
  customer: customerRouter,
  kb: kbRouter,
})

export type AppRouter = typeof appRouter
