import { PlusIcon } from '@parley/ui'
import { createAsync, revalidate, useNavigate } from '@solidjs/router'
import { createSignal } from 'solid-js'
import { getAgents } from '../data/agents.data.ts'
import { t } from '../i18n/index.ts'
import { newClientId } from '../lib/format.ts'
import { useMe } from '../lib/me.context.ts'
import { api } from '../lib/trpc.client.ts'
import { AgentChoice, FirstMessageFields, FormDialog } from './FormDialog.tsx'

/**
 * "New internal conversation" (rule 8, issue 9, part 5): one or more colleagues, a subject and the first
 * message. Only those in it ever see it; it opens at once, under "Internal".
 */
export function InternalConversationDialog(props: { onStarted: () => void }) {
  const me = useMe()
  const navigate = useNavigate()
  const [opened, setOpened] = createSignal(false)
  const [agentIds, setAgentIds] = createSignal<string[]>([])
  const [subject, setSubject] = createSignal('')
  const [body, setBody] = createSignal('')
  const agents = createAsync(() => (opened() ? getAgents() : Promise.resolve(undefined)))
  const colleagues = () => (agents() ?? []).filter((agent) => agent.id !== me().id)

  const start = async () => {
    const started = await api.internal.start.mutate({
      participants: agentIds().map((id) => ({ kind: 'agent' as const, id })),
      subject: subject().trim(),
      clientId: newClientId(),
      body: body(),
    })
    props.onStarted()
    navigate(`/c/${started.id}`)
  }

  return (
    <FormDialog
      trigger={{ label: t('internal.new'), icon: <PlusIcon />, iconOnly: true }}
      title={t('internal.new')}
      description={t('internal.description')}
      onOpen={() => {
        void revalidate(getAgents.key)
        setOpened(true)
        setAgentIds([])
        setSubject('')
        setBody('')
      }}
      submit={{
        label: t('internal.start'),
        disabled: agentIds().length === 0 || !body().trim(),
        work: start,
      }}
    >
      {() => (
        <>
          <AgentChoice
            legend={t('internal.with')}
            agents={colleagues()}
            chosen={agentIds()}
            onChange={setAgentIds}
          />
          <FirstMessageFields subject={subject()} onSubject={setSubject} body={body()} onBody={setBody} />
        </>
      )}
    </FormDialog>
  )
}
