import type { WidgetIdentity } from '@parley/widget/protocol'
import { createSignal } from 'solid-js'
import { t } from '../i18n/index.ts'
import { errorMessage, isUnauthorized } from '../lib/errors.ts'
import { api, type ContactDTO } from '../lib/trpc.client.ts'
import { setVisitorToken, visitorToken } from '../lib/visitor-token.ts'
import { forgetConversations, startConversation } from './conversation.store.ts'

const [contact, setContact] = createSignal<ContactDTO | null>(null)
const [sessionEnded, setSessionEnded] = createSignal(false)

/** Who this browser chats as, once `customer.me` answered. */
/** True after the server rejected the stored token, so the start form can say why it is back. */
export { contact, sessionEnded }

export function forgetVisitor(ended: boolean): void {
  setVisitorToken(null)
  setContact(null)
  forgetConversations()
  setSessionEnded(ended)
}

/**
 * The message to show for a failed call. A rejected visitor token also ends the session: the
 * pages then fall back to the start form.
 */
export function failure(error: unknown): string {
  if (isUnauthorized(error)) {
    forgetVisitor(true)
    return t('error.sessionEnded')
  }
  return errorMessage(error)
}

/** For resources: a failure becomes an Error whose message is ready to show. */
export async function withFailureMessage<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise
  } catch (error) {
    throw new Error(failure(error))
  }
}

/**
 * The host page's verified word for who this visitor is (the widget, issue 10, part 4): this browser then
 * chats as that user, with their history. True when that changed who it is. A claim the server cannot
 * verify is refused there, and the visitor stays who they were.
 */
export async function identifyAs(identity: WidgetIdentity): Promise<boolean> {
  const { token, contact: identified } = await api.widget.identify.mutate(identity)
  const changed = token !== visitorToken()
  if (changed) {
    forgetConversations()
    setVisitorToken(token)
    setSessionEnded(false)
  }
  setContact(identified)
  return changed
}

export async function loadContact(): Promise<void> {
  try {
    setContact(await api.customer.me.query())
  } catch (error) {
    if (isUnauthorized(error)) forgetVisitor(true)
    else throw error
  }
}

function blankToUndefined(value: string): string | undefined {
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

export interface StartChatInput {
  name: string
  email: string
  /** The pre-chat form's phone and the answer to its question: only a new visitor's start sends them. */
  phone?: string
  answer?: string
  body: string
  clientId: string
  /** The closed ticket the conversation continues: only this visitor's own, so dropped for a new one. */
  followsUp?: string
}

/**
 * Opens a conversation, first introducing the visitor when this browser has none yet. There is no
 * way to rename a contact, so different details than the current contact's mean a new visitor.
 */
export async function startChat(input: StartChatInput): Promise<string> {
  const name = blankToUndefined(input.name)
  const email = blankToUndefined(input.email)
  const current = contact()
  const sameVisitor =
    visitorToken() !== null &&
    (current?.name ?? undefined) === name &&
    (current?.email ?? undefined) === email
  if (!sameVisitor) {
    const phone = blankToUndefined(input.phone ?? '')
    const answer = blankToUndefined(input.answer ?? '')
    const started = await api.customer.start.mutate({
      ...(name ? { name } : {}),
      ...(email ? { email } : {}),
      ...(phone ? { phone } : {}),
      ...(answer ? { answer } : {}),
    })
    forgetConversations()
    setVisitorToken(started.token)
    setContact(started.contact)
    setSessionEnded(false)
  }
  return startConversation(input.clientId, input.body, sameVisitor ? input.followsUp : undefined)
}
