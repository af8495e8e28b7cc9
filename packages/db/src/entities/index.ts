import { Agent } from './agent.entity.ts'
import { AgentInvite } from './agent-invite.entity.ts'
import { AgentSession } from './agent-session.entity.ts'
import { Article } from './article.entity.ts'
import { Attachment } from './attachment.entity.ts'
import { Contact } from './contact.entity.ts'
import { Conversation } from './conversation.entity.ts'
import { ConversationMember } from './conversation-member.entity.ts'
import { Event, EventSequence } from './event.entity.ts'
import { Message } from './message.entity.ts'
import { Organisation } from './organisation.entity.ts'
import { PendingMail } from './pending-mail.entity.ts'
import { PushSubscription } from './push-subscription.entity.ts'
import { ReadMarker } from './read-marker.entity.ts'
import { StoredFile } from './stored-file.entity.ts'
import { Team } from './team.entity.ts'
import { TeamMember } from './team-member.entity.ts'
import { TextBlock } from './text-block.entity.ts'
import { TicketOffer } from './ticket-offer.entity.ts'
import { VisitorToken } from './visitor-token.entity.ts'

export { Agent, type AgentRole } from './agent.entity.ts'
export { AgentInvite } from './agent-invite.entity.ts'
export { AgentSession } from './agent-session.entity.ts'
export { Article, type ArticleStatus } from './article.entity.ts'
export { Attachment } from './attachment.entity.ts'
export { Contact } from './contact.entity.ts'
export {
  Conversation,
  type ConversationKind,
  type ConversationStatus,
  type TicketPriority,
  type TicketType,
} from './conversation.entity.ts'
export { ConversationMember, type ConversationMemberRole } from './conversation-member.entity.ts'
export { Event, EventSequence, type EventType } from './event.entity.ts'
export {
  type AuthorKind,
  Message,
  type MessageKind,
  type StoredAttachment,
  type StoredSystemEvent,
  type Visibility,
} from './message.entity.ts'
export { Organisation, type StoredPrechatField } from './organisation.entity.ts'
export { PendingMail } from './pending-mail.entity.ts'
export { PushSubscription } from './push-subscription.entity.ts'
export { ReadMarker } from './read-marker.entity.ts'
export { StoredFile } from './stored-file.entity.ts'
export { Team } from './team.entity.ts'
export { TeamMember } from './team-member.entity.ts'
export { TextBlock } from './text-block.entity.ts'
export { TicketOffer, type TicketOfferStatus } from './ticket-offer.entity.ts'
export { VisitorToken } from './visitor-token.entity.ts'

export const entities = [
  Organisation,
  Agent,
  AgentSession,
  AgentInvite,
  Team,
  TeamMember,
  Contact,
  Conversation,
  ConversationMember,
  Message,
  Event,
  EventSequence,
  ReadMarker,
  TextBlock,
  Article,
  Attachment,
  StoredFile,
  TicketOffer,
  VisitorToken,
  PushSubscription,
  PendingMail,
]
