import { A, createAsync } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { OutboundConversationDialog } from '../components/OutboundConversationDialog.tsx'
import { getContacts } from '../data/contact.data.ts'
import { formatRelative, t } from '../i18n/index.ts'
import { avatarClass, contactName, initials } from '../lib/format.ts'
import { useMe } from '../lib/me.context.ts'

/** Every customer the helpdesk knows, searchable by name, email, company or phone. */
export default function ContactsPage() {
  const me = useMe()
  const [search, setSearch] = createSignal('')
  const contacts = createAsync(() => (me().seesCustomerInbox ? getContacts(search()) : Promise.resolve([])))

  return (
    <div class="settings-page">
      <h2>{t('contacts.title')}</h2>
      <Show when={me().seesCustomerInbox} fallback={<p role="alert">{t('contacts.notForYou')}</p>}>
        <div class="page-actions">
          <OutboundConversationDialog labelled />
        </div>
        <label class="field contacts-search">
          <span>{t('inbox.search')}</span>
          <input
            type="search"
            maxLength={200}
            value={search()}
            onInput={(event) => setSearch(event.currentTarget.value)}
          />
        </label>
        <ul class="settings-section trash-list">
          <For each={contacts()} fallback={<li>{t('contacts.none')}</li>}>
            {(contact) => (
              <li class="trash-row">
                <span class={avatarClass(contact.colour)} aria-hidden="true">
                  {initials(contactName(contact))}
                </span>
                <span class="trash-text">
                  <A href={`/contacts/${contact.id}`}>
                    <bdi>{contactName(contact)}</bdi>
                  </A>
                  <span class="settings-email">
                    {[contact.email, contact.company, contact.phone].filter(Boolean).join(' · ')}
                  </span>
                </span>
                <Show when={contact.blocked}>
                  <span class="status-badge status-badge--closed">{t('contacts.blocked')}</span>
                </Show>
                <span class="settings-email">{formatRelative(contact.lastSeenAt ?? contact.createdAt)}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  )
}
