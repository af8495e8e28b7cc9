import { A, createAsync, useParams } from '@solidjs/router'
import { Show } from 'solid-js'
import { ContactDetails } from '../components/ContactDetails.tsx'
import { OutboundConversationDialog } from '../components/OutboundConversationDialog.tsx'
import { getContact } from '../data/contact.data.ts'
import { t } from '../i18n/index.ts'

export default function ContactPage() {
  const params = useParams<{ id: string }>()
  const contact = createAsync(() => getContact(params.id))
  return (
    <div class="settings-page">
      <A href="/contacts" class="settings-hint">
        {t('contacts.back')}
      </A>
      <Show when={contact()?.contact}>
        {(known) => (
          <div class="page-actions">
            <OutboundConversationDialog contact={known} labelled />
          </div>
        )}
      </Show>
      <div class="settings-section">
        <ContactDetails contactId={params.id} />
      </div>
    </div>
  )
}
