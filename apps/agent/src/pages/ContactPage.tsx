import { A, useParams } from '@solidjs/router'
import { ContactDetails } from '../components/ContactDetails.tsx'
import { t } from '../i18n/index.ts'

export default function ContactPage() {
  const params = useParams<{ id: string }>()
  return (
    <div class="settings-page">
      <A href="/contacts" class="settings-hint">
        {t('contacts.back')}
      </A>
      <div class="settings-section">
        <ContactDetails contactId={params.id} />
      </div>
    </div>
  )
}
