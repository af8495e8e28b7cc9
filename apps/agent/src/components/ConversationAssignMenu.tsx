import { DropdownMenu } from '@kobalte/core/dropdown-menu'
import { createAsync, useAction } from '@solidjs/router'
import { createSignal, For, Suspense } from 'solid-js'
import { getAgents } from '../data/agents.data.ts'
import { assign } from '../data/conversation.data.ts'
import { t, tIsolated } from '../i18n/index.ts'
import { useMe } from '../lib/me.context.ts'
import type { ConversationDTO } from '../lib/trpc.client.ts'
import { ChevronDownIcon } from './Icon.tsx'

export function ConversationAssignMenu(props: {
  conversation: ConversationDTO
  onError: (error: unknown) => void
}) {
  const me = useMe()
  const doAssign = useAction(assign)
  const [open, setOpen] = createSignal(false)
  // Fetched when the menu first opens, so agents' online state is fresh when someone actually looks.
  const agents = createAsync(() => (open() ? getAgents() : Promise.resolve(undefined)))

  const choose = async (agentId: string | null) => {
    props.onError(undefined)
    try {
      await doAssign(props.conversation.id, agentId)
    } catch (caught) {
      props.onError(caught)
    }
  }

  return (
    <DropdownMenu
      open={open()}
      onOpenChange={setOpen}
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
          <Suspense fallback={<div class="menu-loading">{t('app.loading')}</div>}>
            <For each={agents() ?? []}>
              {(agent) => (
                <DropdownMenu.Item
                  class="menu-item"
                  classList={{ 'menu-item--current': props.conversation.assignee?.id === agent.id }}
                  onSelect={() => choose(agent.id)}
                >
                  <span
                    class="presence-dot"
                    classList={{ 'presence-dot--online': agent.online }}
                    aria-hidden="true"
                    title={agent.online ? t('shell.online') : t('shell.offline')}
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
          </Suspense>
          <DropdownMenu.Separator class="menu-separator" />
          <DropdownMenu.Item class="menu-item" onSelect={() => choose(null)}>
            <DropdownMenu.ItemLabel>{t('actions.unassign')}</DropdownMenu.ItemLabel>
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu>
  )
}
