import { type EntityManager, type Message, UniqueConstraintViolationException } from '@parley/db'
import { TRPCError } from '@trpc/server'
import type { ApiDeps } from './context.ts'
import type { LoadedConversation } from './conversation-facts.ts'
import { ConversationWriter, type NewMessage } from './conversation-writer.ts'
import { type MessageDTO, toMessageDTO } from './dto.ts'

/**
 * Posts a message once per client id: a retried send (lost response, reconnect) returns the message
 * that was stored the first time instead of posting it twice. `authorize` applies the domain's rules
 * to a new message only — a retry of a message already stored must not fail because the conversation
 * changed since (closed, reassigned). `beforePost` runs inside the same write, e.g. to reopen a chat.
 */
export async function sendMessage(
  em: EntityManager,
  deps: ApiDeps,
  loaded: LoadedConversation,
  input: NewMessage,
  steps: { authorize: () => void; beforePost?: (writer: ConversationWriter) => void },
): Promise<MessageDTO> {
  const conversationId = loaded.conversation.id
  const writer = new ConversationWriter(em, deps)
  const earlier = await writer.findSent(conversationId, input.clientId)
  if (earlier) return retried(earlier, input, conversationId)
  steps.authorize()
  steps.beforePost?.(writer)
  const message = writer.post(loaded, input)
  try {
    await writer.commit()
  } catch (error) {
    // Two copies of the same send raced; the other one won and is the message.
    if (!(error instanceof UniqueConstraintViolationException)) throw error
    const fresh = em.fork()
    const winner = await new ConversationWriter(fresh, deps).findSent(conversationId, input.clientId)
    if (!winner) throw error
    return retried(winner, input, conversationId)
  }
  return toMessageDTO(message, conversationId)
}

/**
 * A retry is the same author sending with the same visibility. Anyone else reusing a client id must not
 * be handed the stored message: it may be someone else's internal note (rule 1).
 */
function retried(earlier: Message, input: NewMessage, conversationId: string): MessageDTO {
  const visibility = 'visibility' in input ? input.visibility : 'public'
  const sameAuthor =
    input.author.kind === 'agent'
      ? earlier.authorKind === 'agent' && earlier.authorAgent?.id === input.author.agent.id
      : earlier.authorKind === 'customer' && earlier.authorContact?.id === input.author.contact.id
  if (!sameAuthor || earlier.visibility !== visibility) {
    throw new TRPCError({
      code: 'CONFLICT',
      message: 'This message id is already taken. Please send it again.',
    })
  }
  return toMessageDTO(earlier, conversationId)
}
