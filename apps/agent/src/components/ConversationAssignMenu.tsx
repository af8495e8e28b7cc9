import { DropdownMenu } from '@kobalte/core/dropdown-menu'
import { ChevronDownIcon } from '@parley/ui'
import { createAsync, revalidate, useAction } from '@solidjs/router'
import { createSignal, For, Show, Suspense } from 'solid-js'
import { getAgents, getTeams } from '../data/agents.data.ts'
import { assign, assignTeam } from '../data/conversation.data.ts'
import { t, tIsolated } from '../i18n/index.ts'
import { useMe } from '../lib/me.context.ts'
import type { ConversationDTO } from '../lib/trpc.client.ts'

export function ConversationAssignMenu(props: {
  conversation: ConversationDTO
  onError: (error: unknown) => void
}) {
  const me = useMe()
  const doAssign = useAction(assign)
  const doAssignTeam = useAction(assignTeam)
  const [open, setOpen] = createSignal(false)
  // Fetched each time the menu opens, so colleagues' presence is fresh when someone actually looks.
  const onOpenChange = (next: boolean) => {
    if (next) void revalidate(getAgents.key)
    setOpen(next)
  }
  const agents = createAsync(() => (open() ? getAgents() : Promise.resolve(undefined)))
  const teams = createAsync(() => (open() ? getTeams() : Promise.resolve(undefined)))

  const attempt = async (work: () => Promise<unknown>) => {
    props.onError(undefined)
    try {
      await work()
    } catch (caught) {
      props.onError(caught)
    }
  }
  const choose = (agentId: string | null) => attempt(() => doAssign(props.conversation.id, agentId))
  /** Into a team's queue (whoever had it lets go), or out of every queue. */
  const route = (teamId: string | null) => attempt(() => doAssignTeam(props.conversation.id, teamId))

  return (
    <DropdownMenu
      open={open()}
      onOpenChange={onOpenChange}
      gutter={6}
      placement="bottom-start"
      // Modal would hide the page from screen readers with aria-hidden while it stays focusable, and
      // put focus-trap sentinels inside the menu, where only menu items belong (axe: aria-hidden-focus,
      // aria-required-children). Escape, outside clicks and arrow keys work the same without it.
      modal={false}
    >
      <DropdownMenu.Trigger class="button">
        <span>{t('actions.assign')}</span>
        <DropdownMenu.Icon class="menu-trigger-icon">
          <ChevronDownIcon />
        </DropdownMenu.Icon>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content class="menu">
          <Suspense fallback={<div class="menu-loading">{t('ui.loading')}</div>}>
            <DropdownMenu.Group>
              <DropdownMenu.GroupLabel class="menu-group-label">
                {t('actions.assignAgents')}
              </DropdownMenu.GroupLabel>
              <For each={agents() ?? []}>
                {(agent) => (
                  <DropdownMenu.Item
                    class="menu-item"
                    classList={{ 'menu-item--current': props.conversation.assignee?.id === agent.id }}
                    onSelect={() => choose(agent.id)}
                  >
                    <span
                      class="presence-dot"
                      classList={{ [`presence-dot--${agent.presence}`]: true }}
                      aria-hidden="true"
                      title={t(`shell.${agent.presence}`)}
                    />
                    <DropdownMenu.ItemLabel>
                      {agent.id === me().id ? (
                        tIsolated('actions.you', { name: agent.name })
                      ) : (
                        <bdi>{agent.name}</bdi>
                      )}
                    </DropdownMenu.ItemLabel>
                  </DropdownMenu.Item>
                )}
              </For>
            </DropdownMenu.Group>
            <Show when={(teams() ?? []).length > 0}>
              <DropdownMenu.Separator class="menu-separator" />
              <DropdownMenu.Group>
                <DropdownMenu.GroupLabel class="menu-group-label">
                  {t('actions.assignTeams')}
                </DropdownMenu.GroupLabel>
                <For each={teams() ?? []}>
                  {(team) => (
                    <DropdownMenu.Item
                      class="menu-item"
                      classList={{ 'menu-item--current': props.conversation.team?.id === team.id }}
                      onSelect={() => route(team.id)}
                    >
                      <DropdownMenu.ItemLabel>
                        {tIsolated('actions.teamQueue', { name: team.name })}
                      </DropdownMenu.ItemLabel>
                    </DropdownMenu.Item>
                  )}
                </For>
              </DropdownMenu.Group>
            </Show>
          </Suspense>
          <DropdownMenu.Separator class="menu-separator" />
          <Show when={props.conversation.assignee}>
            <DropdownMenu.Item class="menu-item" onSelect={() => choose(null)}>
              <DropdownMenu.ItemLabel>{t('actions.unassign')}</DropdownMenu.ItemLabel>
            </DropdownMenu.Item>
          </Show>
          <Show when={props.conversation.team}>
            <DropdownMenu.Item class="menu-item" onSelect={() => route(null)}>
              <DropdownMenu.ItemLabel>{t('actions.leaveTeam')}</DropdownMenu.ItemLabel>
            </DropdownMenu.Item>
          </Show>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu>
  )
}
