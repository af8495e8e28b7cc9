import { safeUrl } from '@parley/markdown'
import { Match, Show, Switch } from 'solid-js'
import { t, tIsolated } from '../i18n/index.ts'
import type { SystemEvent } from '../lib/trpc.client.ts'

/** What a system message says to the customer (their only view of status changes, rule 14). */
export function ConversationSystemText(props: { event: SystemEvent }) {
  return (
    <Switch>
      <Match when={props.event.type === 'assigned' && props.event}>
        {(event) => tIsolated('system.assigned', { name: event().agentName })}
      </Match>
      <Match when={props.event.type === 'unassigned'}>{t('system.unassigned')}</Match>
      <Match when={props.event.type === 'closed'}>{t('system.closed')}</Match>
      <Match when={props.event.type === 'reopened'}>{t('system.reopened')}</Match>
      <Match when={props.event.type === 'ticket_renamed' && props.event}>
        {(event) => tIsolated('system.ticketRenamed', { title: event().title })}
      </Match>
      <Match when={props.event.type === 'linked_to_ticket' && props.event}>
        {(event) => tIsolated('system.linkedToTicket', { number: event().number, title: event().title })}
      </Match>
      <Match when={props.event.type === 'follows_up' && props.event}>
        {(event) => tIsolated('system.followsUp', { number: event().number, title: event().title })}
      </Match>
      <Match when={props.event.type === 'ticket_created' && props.event}>
        {(event) => tIsolated('system.ticketCreated', { number: event().number, title: event().title })}
      </Match>
      <Match when={props.event.type === 'video' && props.event}>
        {(event) => (
          <>
            {t('system.video')}{' '}
            <Show when={safeUrl(event().url)} fallback={t('system.videoJoin')}>
              {(href) => (
                <a href={href()} target="_blank" rel="noopener noreferrer">
                  {t('system.videoJoin')}
                </a>
              )}
            </Show>
          </>
        )}
      </Match>
    </Switch>
  )
}
