import { useNavigate } from '@solidjs/router'
import { t } from '../i18n/index.ts'

/** Takes the composer's place where the customer may not post any more (a closed ticket, rule 4). */
export function ConversationClosedNotice(props: { isTicket: boolean }) {
  const navigate = useNavigate()
  return (
    <div class="closed-notice">
      <p role="status">{props.isTicket ? t('closed.ticket') : t('closed.other')}</p>
      <button type="button" class="button button-primary" onClick={() => navigate('/new')}>
        {t('closed.newConversation')}
      </button>
    </div>
  )
}
