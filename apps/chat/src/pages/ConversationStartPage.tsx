import { useSearchParams } from '@solidjs/router'
import { ConversationStartForm } from '../components/ConversationStartForm.tsx'
import { findConversation } from '../data/conversation.store.ts'
import { visitorToken } from '../lib/visitor-token.ts'

/** "Start a new conversation"; from a closed ticket (`?followsUp=<id>`) one that continues it. */
export default function ConversationStartPage() {
  const [params] = useSearchParams<{ followsUp?: string }>()
  const followsUp = () => {
    const ticket = params.followsUp ? findConversation(params.followsUp)?.ticket : undefined
    return ticket && params.followsUp ? { id: params.followsUp, number: ticket.number } : undefined
  }
  return <ConversationStartForm again={visitorToken() !== null} followsUp={followsUp()} />
}
