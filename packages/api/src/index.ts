export {
  actorFrom,
  admitUpload,
  fileFor,
  removeUnsentUploads,
  type ServedFile,
  storeUpload,
  type UploadParams,
} from './attachments.ts'
/**
 * The apps import only `type AppRouter` from here; the server imports the runtime pieces.
 */
export type { ApiDeps, ApiSettings, Context } from './context.ts'
export { callerAddress, createContext, SESSION_COOKIE, VISITOR_HEADER } from './context.ts'
export type {
  AgentDTO,
  ContactDTO,
  ConversationDTO,
  CustomerConversationDTO,
  MessageDTO,
  TicketDTO,
} from './dto.ts'
export { type BusMessage, type EventBus, InProcessEventBus } from './event-bus.ts'
export { EventFeed } from './event-feed.ts'
export {
  type ArticleDTO,
  type ArticleSummaryDTO,
  articleUrl,
  findArticles,
  findPublicArticles,
  findPublishedArticle,
} from './knowledge-base.ts'
export { type Presence, presenceKey } from './presence.ts'
export { addressKey, LIMITS, RateLimits } from './rate-limits.ts'
export { redisNamespace } from './redis.ts'
export {
  mailTokenSecretOf,
  type ReplyHeaders,
  type ReplyOutcome,
  receiveReply,
  replyHeadersFor,
  startReplyByEmail,
} from './reply-by-email.ts'
export { type AppRouter, appRouter } from './router.ts'
export { createFirstAdmin } from './routers/auth.router.ts'
export type { InboxEvent } from './routers/conversation.router.ts'
export type { CustomerEvent } from './routers/customer.router.ts'
export { userHashOf, widgetSitesOf } from './routers/widget.router.ts'
export { hashPassword } from './secrets.ts'
export { inProcessSharedState, openRedisSharedState, type SharedState } from './shared-state.ts'
export { Sweeper } from './sweeps.ts'
export { createCallerFactory, DomainRefusal, httpStatusOfRefusal } from './trpc.ts'
