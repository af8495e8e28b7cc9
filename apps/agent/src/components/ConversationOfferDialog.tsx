import { UsersIcon } from '@parley/ui'
import { createAsync, revalidate, useAction } from '@solidjs/router'
import { createSignal, For } from 'solid-js'
import { getAgents, getTeams } from '../data/agents.data.ts'
import { offerTicket } from '../data/conversation.data.ts'
import { t } from '../i18n/index.ts'
import type { ConversationDTO } from '../lib/trpc.client.ts'
import { AgentChoice, FormDialog } from './FormDialog.tsx'

/** The longest re-offer timeout the API takes, in minutes (a day). */
const TIMEOUT_MAX_MINUTES = 24 * 60

/**
 * "Offer ticket" (rule 6): an open, unassigned ticket offered to colleagues and/or a team; whoever accepts
 * first gets it. With a timeout, the offer goes back to the queue if nobody accepts in time.
 */
export function ConversationOfferDialog(props: { conversation: ConversationDTO }) {
  const offer = useAction(offerTicket)
  const [opened, setOpened] = createSignal(false)
  const [agentIds, setAgentIds] = createSignal<string[]>([])
  const [teamId, setTeamId] = createSignal('')
  const [timeout, setTimeoutMinutes] = createSignal('')
  const agents = createAsync(() => (opened() ? getAgents() : Promise.resolve(undefined)))
  const teams = createAsync(() => (opened() ? getTeams() : Promise.resolve(undefined)))

  return (
    <FormDialog
      trigger={{ label: t('actions.offerTicket'), icon: <UsersIcon /> }}
      title={t('offer.dialogTitle')}
      description={t('offer.dialogDescription')}
      onOpen={() => {
        void revalidate(getAgents.key)
        setOpened(true)
        setAgentIds([])
        setTeamId('')
        setTimeoutMinutes('')
      }}
      submit={{
        label: t('offer.submit'),
        disabled: agentIds().length === 0 && !teamId(),
        work: () =>
          offer({
            conversationId: props.conversation.id,
            agentIds: agentIds(),
            teamId: teamId() || null,
            timeoutMinutes: timeout() ? Number(timeout()) : null,
          }),
      }}
    >
      {() => (
        <>
          <AgentChoice
            legend={t('offer.agents')}
            agents={agents() ?? []}
            chosen={agentIds()}
            onChange={setAgentIds}
          />
          {/* Labelled by id, not wrapped: a wrapping label would take every option's text into its name. */}
          <div class="field">
            <label for="offer-team">{t('offer.team')}</label>
            <select id="offer-team" value={teamId()} onChange={(e) => setTeamId(e.currentTarget.value)}>
              <option value="">{t('offer.noTeam')}</option>
              <For each={teams() ?? []}>{(team) => <option value={team.id}>{team.name}</option>}</For>
            </select>
          </div>
          <label class="field">
            <span>{t('offer.timeout')}</span>
            <input
              type="number"
              min="1"
              max={TIMEOUT_MAX_MINUTES}
              inputMode="numeric"
              placeholder={t('offer.noTimeout')}
              value={timeout()}
              onInput={(e) => setTimeoutMinutes(e.currentTarget.value)}
            />
          </label>
        </>
      )}
    </FormDialog>
  )
}
