import { A } from '@solidjs/router'
import { t } from '../i18n/index.ts'

export default function NotFoundPage() {
  return (
    <div class="empty-state">
      <h2>{t('app.notFound')}</h2>
      <A href="/" class="button">
        {t('app.backToInbox')}
      </A>
    </div>
  )
}
