import type { Contact, EntityManager } from '@parley/db'
import { Message } from '@parley/db'
import { transcriptOf } from '@parley/domain'
import { mailLanguageOf, transcriptMail } from '@parley/mail'
import type { ApiDeps } from './context.ts'
import type { LoadedConversation } from './conversation-facts.ts'
import { theOrganisation } from './helpdesk.ts'
import {
  conversationLinkOf,
  conversationTitleOf,
  customerNameOf,
  mailboxOf,
  notifiedMessagesOf,
} from './mail-content.ts'
import { unwrap } from './trpc.ts'

/**
 * Issue 11, part 6: the customer's conversation, by email, to the address they gave (the domain's
 * transcriptOf decides what is in it and where it may go). Limited per customer and per address.
 */
export async function emailTranscript(
  deps: ApiDeps,
  em: EntityManager,
  contact: Contact,
  loaded: LoadedConversation,
): Promise<{ sentTo: string }> {
  const messages = await em.find(
    Message,
    { conversation: loaded.conversation.id, visibility: 'public', kind: 'text' },
    { orderBy: { createdAt: 'asc' }, populate: ['authorAgent'] },
  )
  const shown = unwrap(transcriptOf({ email: contact.email ?? null, blocked: contact.blocked }, messages))
  const email = contact.email!
  await deps.limits.transcript(contact.id, email)
  const organisation = await theOrganisation(em)
  const language = mailLanguageOf(contact.locale)
  const content = transcriptMail({
    language,
    recipientName: contact.name ?? undefined,
    organisationName: organisation.name,
    conversationTitle: conversationTitleOf(loaded.conversation, organisation.name, 'customer'),
    conversationUrl: conversationLinkOf(deps.settings.publicUrl, loaded.conversation.id, 'customer'),
    messages: notifiedMessagesOf(shown, organisation.name, customerNameOf(contact, email)),
  })
  await deps.mailer.send({
    to: mailboxOf({ email, name: contact.name }),
    ...content,
    language,
    headers: { 'Auto-Submitted': 'auto-generated' },
  })
  return { sentTo: email }
}
