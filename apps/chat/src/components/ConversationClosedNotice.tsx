import { useNavigate } from '@solidjs/router'
import { t } from '../i18n/index.ts'

/**
 * Takes the composer's place where the customer may not post any more (a closed ticket, rule 4). The new
 * conversation it offers continues the ticket: the team sees it linked, with the history.
 */
export function ConversationClosedNotice(props: { conversationId: string; isTicket: boolean }) {
  const navigate = useNavigate()
  const startNew = () =>
    navigate(props.isTicket ? `/new?followsUp=${encodeURIComponent(props.conversationId)}` : '/new')
  return (
    <div class="closed-notice">
      <p role="status">{props.isTicket ? t('closed.ticket') : t('closed.other')}</p>
      <button type="button" class="button button-primary" onClick={startNew}>
        {t('closed.newConversation')}
      </button>
    </div>
  )
}
