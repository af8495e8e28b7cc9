import { LinkIcon } from '@parley/ui'
import { useAction } from '@solidjs/router'
import { createResource, createSignal, For, Show } from 'solid-js'
import { linkToTicket } from '../data/conversation.data.ts'
import { t } from '../i18n/index.ts'
import { contactName } from '../lib/format.ts'
import { api, type ConversationDTO } from '../lib/trpc.client.ts'
import { FormDialog } from './FormDialog.tsx'

/** How many tickets the search shows: a number or a few words of the title find the one meant. */
const SHOWN = 8
/** Typing pauses this long before the tickets are asked for. */
const SEARCH_PAUSE_MS = 200

/**
 * "Link to ticket" (issue 9, part 2): attach this conversation to an existing ticket found by its number
 * or title. The conversation keeps its history; the customer is told which ticket it is now part of.
 */
export function ConversationLinkDialog(props: { conversation: ConversationDTO }) {
  const link = useAction(linkToTicket)
  const [search, setSearch] = createSignal('')
  let pause: ReturnType<typeof setTimeout> | undefined
  const [asked, setAsked] = createSignal<string | null>(null)
  const [tickets] = createResource(asked, (words) => api.tickets.list.query({ search: words }))
  const onSearch = (words: string) => {
    setSearch(words)
    clearTimeout(pause)
    pause = setTimeout(() => setAsked(words.trim()), SEARCH_PAUSE_MS)
  }
  const shown = () => (tickets.latest ?? []).slice(0, SHOWN)

  return (
    <FormDialog
      trigger={{ label: t('actions.linkTicket'), icon: <LinkIcon /> }}
      title={t('link.dialogTitle')}
      description={t('link.dialogDescription')}
      onOpen={() => {
        setSearch('')
        setAsked('')
      }}
    >
      {(run, busy) => (
        <>
          <label class="field">
            <span>{t('link.search')}</span>
            <input
              type="search"
              name="ticket-search"
              maxLength={200}
              autocomplete="off"
              placeholder={t('link.searchPlaceholder')}
              value={search()}
              onInput={(e) => onSearch(e.currentTarget.value)}
            />
          </label>
          <Show
            when={shown().length > 0}
            fallback={
              <Show when={!tickets.loading}>
                <p class="list-empty">{t('link.none')}</p>
              </Show>
            }
          >
            <ul class="link-results" aria-label={t('link.results')}>
              <For each={shown()}>
                {(ticket) => (
                  <li>
                    <button
                      type="button"
                      class="link-result"
                      disabled={busy()}
                      onClick={() =>
                        run(() => link({ conversationId: props.conversation.id, ticketId: ticket.id }))
                      }
                    >
                      <strong>#{ticket.ticket?.number}</strong> <bdi>{ticket.ticket?.title}</bdi>
                      <span class="link-result-meta">
                        <bdi>{contactName(ticket.contact)}</bdi> ·{' '}
                        {ticket.status === 'open'
                          ? t('conversation.statusOpen')
                          : t('conversation.statusClosed')}
                      </span>
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </>
      )}
    </FormDialog>
  )
}
