import { BookIcon } from '@parley/ui'
import { t } from '../i18n/index.ts'

export default function KnowledgeBaseEmptyPage() {
  return (
    <div class="empty-state">
      <BookIcon class="empty-state-icon" />
      <h2>{t('kb.select')}</h2>
      <p>{t('kb.selectHint')}</p>
    </div>
  )
}
