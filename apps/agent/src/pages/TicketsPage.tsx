import { Loading } from '@parley/ui'
import { A, createAsync } from '@solidjs/router'
import { createSignal, createUniqueId, For, type JSX, onCleanup, Show, Suspense } from 'solid-js'
import { getAgents, getTeams } from '../data/agents.data.ts'
import { getTickets, revalidateTickets, type TicketFilter } from '../data/conversation.data.ts'
import { onInboxRow } from '../data/inbox-rows.ts'
import { formatRelative, t, tIsolated } from '../i18n/index.ts'
import { conversationTitle, priorityLabel, ticketTypeLabel } from '../lib/format.ts'
import { useMe } from '../lib/me.context.ts'
import type { TicketPriority, TicketType } from '../lib/trpc.client.ts'

const PRIORITIES: TicketPriority[] = ['urgent', 'high', 'normal', 'low']
const TYPES: TicketType[] = ['ticket', 'task']
const SORTS: Array<TicketFilter['sort']> = ['updated', 'newest', 'number', 'priority']

/** Every ticket and task the agent may see, by status, assignee, team, priority and type (issue 9, part 1). */
export default function TicketsPage() {
  const me = useMe()
  const [filter, setFilter] = createSignal<TicketFilter>({
    status: 'open',
    assignee: null,
    teamId: null,
    priority: null,
    type: null,
    sort: 'updated',
  })
  const tickets = createAsync(() => getTickets(filter()))
  // Live, like the inbox: a colleague's new ticket or change shows without a reload.
  onCleanup(onInboxRow(() => revalidateTickets()))
  onCleanup(() => revalidateTickets.cancel())
  const agents = createAsync(() => getAgents())
  const teams = createAsync(() => getTeams())
  /** A select's value: '' stands for "any". */
  const set =
    <K extends keyof TicketFilter>(key: K) =>
    (value: string) =>
      setFilter((current) => ({ ...current, [key]: value === '' ? null : value }))

  return (
    <div class="settings-page tickets-page">
      <h2>{t('tickets.title')}</h2>
      <form
        class="tickets-filters"
        aria-label={t('tickets.filters')}
        onSubmit={(event) => event.preventDefault()}
      >
        <FilterSelect label={t('tickets.status')} value={filter().status} onChange={set('status')}>
          <option value="">{t('tickets.any')}</option>
          <option value="open">{t('inbox.open')}</option>
          <option value="closed">{t('inbox.closed')}</option>
        </FilterSelect>
        <FilterSelect label={t('tickets.assignee')} value={filter().assignee} onChange={set('assignee')}>
          <option value="">{t('tickets.anyone')}</option>
          <option value={me().id}>{t('tickets.me')}</option>
          <option value="none">{t('tickets.unassigned')}</option>
          <For each={(agents() ?? []).filter((agent) => agent.id !== me().id)}>
            {(agent) => <option value={agent.id}>{agent.name}</option>}
          </For>
        </FilterSelect>
        <Show when={(teams() ?? []).length > 0}>
          <FilterSelect label={t('tickets.team')} value={filter().teamId} onChange={set('teamId')}>
            <option value="">{t('tickets.any')}</option>
            <For each={teams()}>{(team) => <option value={team.id}>{team.name}</option>}</For>
          </FilterSelect>
        </Show>
        <FilterSelect label={t('ticket.priority')} value={filter().priority} onChange={set('priority')}>
          <option value="">{t('tickets.any')}</option>
          <For each={PRIORITIES}>
            {(priority) => <option value={priority}>{priorityLabel(priority)}</option>}
          </For>
        </FilterSelect>
        <FilterSelect label={t('ticket.type')} value={filter().type} onChange={set('type')}>
          <option value="">{t('tickets.any')}</option>
          <For each={TYPES}>{(type) => <option value={type}>{ticketTypeLabel(type)}</option>}</For>
        </FilterSelect>
        <FilterSelect label={t('tickets.sort')} value={filter().sort} onChange={set('sort')}>
          <For each={SORTS}>{(sort) => <option value={sort}>{t(`tickets.sort.${sort}`)}</option>}</For>
        </FilterSelect>
      </form>
      <Suspense fallback={<Loading />}>
        <Show when={(tickets() ?? []).length > 0} fallback={<p class="list-empty">{t('tickets.none')}</p>}>
          <table class="tickets-table">
            <caption class="sr-only">{t('tickets.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tickets.number')}</th>
                <th scope="col">{t('ticket.title')}</th>
                <th scope="col">{t('tickets.customer')}</th>
                <th scope="col">{t('ticket.priority')}</th>
                <th scope="col">{t('ticket.type')}</th>
                <th scope="col">{t('tickets.assignee')}</th>
                <th scope="col">{t('tickets.status')}</th>
                <th scope="col">{t('tickets.lastActivity')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={tickets()}>
                {(row) => (
                  <tr>
                    <td>#{row.ticket?.number}</td>
                    <td>
                      {/* The ticket opens in its messenger, in the inbox. */}
                      <A href={`/c/${row.id}`}>
                        <bdi>{row.ticket?.title}</bdi>
                      </A>
                    </td>
                    <td>
                      <bdi>{conversationTitle(row)}</bdi>
                    </td>
                    <td>
                      <span class={`priority priority--${row.ticket?.priority}`}>
                        {row.ticket ? priorityLabel(row.ticket.priority) : ''}
                      </span>
                    </td>
                    <td>{row.ticket ? ticketTypeLabel(row.ticket.type) : ''}</td>
                    <td>
                      {row.assignee
                        ? tIsolated('tickets.assignedTo', { name: row.assignee.name })
                        : t('tickets.unassigned')}
                    </td>
                    <td>{row.status === 'open' ? t('inbox.open') : t('inbox.closed')}</td>
                    <td>{formatRelative(row.lastMessageAt)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Show>
      </Suspense>
    </div>
  )
}

function FilterSelect(props: {
  label: string
  value: string | null
  onChange: (value: string) => void
  children: JSX.Element
}) {
  // Named by its label alone: a label wrapped around a select would lend it every option's text too.
  const id = createUniqueId()
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        value={props.value ?? ''}
        onChange={(event) => props.onChange(event.currentTarget.value)}
      >
        {props.children}
      </select>
    </div>
  )
}
