import { ChatIcon } from '@parley/ui'
import { createAsync, revalidate, useNavigate } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { getAgents } from '../data/agents.data.ts'
import { getContacts } from '../data/contact.data.ts'
import { t } from '../i18n/index.ts'
import { contactName, newClientId } from '../lib/format.ts'
import { useMe } from '../lib/me.context.ts'
import { api, type ContactDTO } from '../lib/trpc.client.ts'
import { AgentChoice, FirstMessageFields, FormDialog } from './FormDialog.tsx'

/** As many contacts as one start may reach (OUTBOUND_CONTACTS_MAX of the domain). */
const CONTACTS_MAX = 50

/**
 * "New conversation" with customers (issue 9, part 6): one or more contacts, colleagues to ask in if
 * wanted, a subject and the first message. Each customer gets a conversation of their own, assigned to
 * the agent who started it; with one contact it opens at once.
 */
export function OutboundConversationDialog(props: {
  /** Chosen already as the dialog opens: the contact whose page it was opened from. */
  contact?: () => ContactDTO | undefined
  /** A button with its words (a page's action) rather than an icon (the inbox header's). */
  labelled?: boolean
  onStarted?: () => void
}) {
  const me = useMe()
  const navigate = useNavigate()
  const [opened, setOpened] = createSignal(false)
  const [search, setSearch] = createSignal('')
  const [chosen, setChosen] = createSignal<ContactDTO[]>([])
  const [agentIds, setAgentIds] = createSignal<string[]>([])
  const [subject, setSubject] = createSignal('')
  const [body, setBody] = createSignal('')
  const found = createAsync(() => (opened() ? getContacts(search().trim()) : Promise.resolve(undefined)))
  const agents = createAsync(() => (opened() ? getAgents() : Promise.resolve(undefined)))
  const colleagues = () => (agents() ?? []).filter((agent) => agent.id !== me().id)
  // The chosen stay in view while the search moves on; then whoever the search finds.
  const options = () => {
    const chosenIds = new Set(chosen().map((contact) => contact.id))
    return [...chosen(), ...(found() ?? []).filter((contact) => !chosenIds.has(contact.id))]
  }
  const toggle = (contact: ContactDTO, on: boolean) =>
    setChosen((list) => (on ? [...list, contact] : list.filter((other) => other.id !== contact.id)))

  const start = async () => {
    const { started } = await api.outbound.start.mutate({
      contactIds: chosen().map((contact) => contact.id),
      agentIds: agentIds(),
      subject: subject().trim(),
      clientId: newClientId(),
      body: body(),
    })
    props.onStarted?.()
    const [first] = started
    if (first) navigate(`/c/${first.conversationId}`)
  }

  return (
    <FormDialog
      trigger={{ label: t('outbound.new'), icon: <ChatIcon />, iconOnly: !props.labelled }}
      title={t('outbound.new')}
      description={t('outbound.description')}
      onOpen={() => {
        void revalidate([getAgents.key, getContacts.key])
        setOpened(true)
        setSearch('')
        const preset = props.contact?.()
        setChosen(preset ? [preset] : [])
        setAgentIds([])
        setSubject('')
        setBody('')
      }}
      submit={{
        label: t('internal.start'),
        disabled: chosen().length === 0 || !body().trim(),
        work: start,
      }}
    >
      {() => (
        <>
          <fieldset class="field agent-choice">
            <legend>{t('outbound.contacts')}</legend>
            <input
              type="search"
              aria-label={t('outbound.searchContacts')}
              placeholder={t('outbound.searchContacts')}
              maxLength={200}
              value={search()}
              onInput={(e) => setSearch(e.currentTarget.value)}
            />
            <For each={options()} fallback={<p class="settings-hint">{t('contacts.none')}</p>}>
              {(contact) => (
                <label class="checkbox-field">
                  <input
                    type="checkbox"
                    // Rule 7: a blocked contact gets no new conversation; the server says so too.
                    disabled={
                      contact.blocked ||
                      (chosen().length >= CONTACTS_MAX && !chosen().some((c) => c.id === contact.id))
                    }
                    checked={chosen().some((c) => c.id === contact.id)}
                    onChange={(e) => toggle(contact, e.currentTarget.checked)}
                  />
                  <bdi>{contactName(contact)}</bdi>
                  <Show when={contact.email}>{(email) => <span class="settings-email">{email()}</span>}</Show>
                  <Show when={contact.blocked}>
                    <span class="settings-email">{t('contacts.blocked')}</span>
                  </Show>
                </label>
              )}
            </For>
          </fieldset>
          <AgentChoice
            legend={t('outbound.colleagues')}
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
