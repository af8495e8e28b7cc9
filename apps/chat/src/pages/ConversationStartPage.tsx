import { ConversationStartForm } from '../components/ConversationStartForm.tsx'
import { visitorToken } from '../lib/visitor-token.ts'

export default function ConversationStartPage() {
  return <ConversationStartForm again={visitorToken() !== null} />
}
