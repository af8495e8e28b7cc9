import { InboxIcon } from '@parley/ui'
import { t } from '../i18n/index.ts'

export default function InboxEmptyPage() {
  return (
    <div class="empty-state">
      <InboxIcon class="empty-state-icon" />
      <h2>{t('inbox.selectConversation')}</h2>
      <p>{t('inbox.selectConversationHint')}</p>
    </div>
  )
}
