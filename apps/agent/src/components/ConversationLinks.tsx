import { A } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { contactName } from '../lib/format.ts'
import type { ConversationDetail } from '../lib/trpc.client.ts'

/**
 * Both ends of "Link to ticket" (issue 9, part 2): a conversation names the ticket it is part of, a ticket
 * its linked conversations, each a link to its own history.
 */
export function ConversationLinks(props: { links: ConversationDetail['links'] }) {
  return (
    <>
      <Show when={props.links.ticket}>
        {(ticket) => (
          <p class="conversation-links">
            {t('link.partOf')}{' '}
            <A class="conversation-link" href={`/c/${ticket().id}`}>
              #{ticket().ticket?.number} <bdi>{ticket().ticket?.title}</bdi>
            </A>
          </p>
        )}
      </Show>
      <Show when={props.links.linked.length > 0}>
        <nav class="conversation-links" aria-label={t('link.linkedConversations')}>
          {t('link.linkedConversations')}:{' '}
          <For each={props.links.linked}>
            {(linked, index) => (
              <>
                {index() > 0 ? ', ' : ''}
                <A class="conversation-link" href={`/c/${linked.id}`}>
                  <bdi>{contactName(linked.contact)}</bdi> (
                  {linked.status === 'open' ? t('conversation.statusOpen') : t('conversation.statusClosed')})
                </A>
              </>
            )}
          </For>
        </nav>
      </Show>
    </>
  )
}
