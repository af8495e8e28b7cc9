import { DropdownMenu } from '@kobalte/core/dropdown-menu'
import { UserPlusIcon } from '@parley/ui'
import { createAsync, revalidate } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { getAgents } from '../data/agents.data.ts'
import { getConversation } from '../data/conversation.data.ts'
import { t } from '../i18n/index.ts'
import { api, type ConversationDetail } from '../lib/trpc.client.ts'

/**
 * Who is in a conversation between agents (rule 8), and "Add participant" for another colleague, who then
 * sees all of it. Customers are not on the list: the API would refuse them anyway.
 */
export function ConversationParticipants(props: {
  conversationId: string
  participants: ConversationDetail['participants']
  onError: (error: unknown) => void
}) {
  const [open, setOpen] = createSignal(false)
  const agents = createAsync(() => (open() ? getAgents() : Promise.resolve(undefined)))
  const others = () =>
    (agents() ?? []).filter((agent) => !props.participants.some((participant) => participant.id === agent.id))
  const add = async (agentId: string) => {
    props.onError(undefined)
    try {
      await api.internal.addParticipant.mutate({
        conversationId: props.conversationId,
        participant: { kind: 'agent', id: agentId },
      })
      await revalidate(getConversation.keyFor(props.conversationId))
    } catch (caught) {
      props.onError(caught)
    }
  }
  return (
    <>
      <span class="fact">
        {t('internal.participants')}:{' '}
        <For each={props.participants}>
          {(participant, index) => (
            <>
              {index() > 0 ? ', ' : ''}
              <strong>
                <bdi>{participant.name}</bdi>
              </strong>
            </>
          )}
        </For>
      </span>
      <DropdownMenu open={open()} onOpenChange={setOpen} gutter={6} placement="bottom-start" modal={false}>
        <DropdownMenu.Trigger class="button button--small">
          <UserPlusIcon />
          <span>{t('internal.addParticipant')}</span>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content class="menu">
            <Show when={agents()} fallback={<div class="menu-loading">{t('ui.loading')}</div>}>
              <For each={others()}>
                {(agent) => (
                  <DropdownMenu.Item class="menu-item" onSelect={() => add(agent.id)}>
                    <DropdownMenu.ItemLabel>
                      <bdi>{agent.name}</bdi>
                    </DropdownMenu.ItemLabel>
                  </DropdownMenu.Item>
                )}
              </For>
            </Show>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu>
    </>
  )
}
