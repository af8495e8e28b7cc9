import { createAsync, useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { FormFeedback } from '../components/FormFeedback.tsx'
import { getTrash, restoreConversation } from '../data/conversation.data.ts'
import { formatRelative, t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'
import { avatarClass, conversationTitle, initials } from '../lib/format.ts'
import { useMe } from '../lib/me.context.ts'

/** Rule 5's Trash, for admins: deleted conversations, each restorable with all its messages. */
export default function TrashPage() {
  const me = useMe()
  const trashed = createAsync(() => (me().role === 'admin' ? getTrash() : Promise.resolve([])))
  const restore = useAction(restoreConversation)
  const [error, setError] = createSignal<string | undefined>()

  return (
    <div class="settings-page">
      <h2>{t('trash.title')}</h2>
      <Show when={me().role === 'admin'} fallback={<p role="alert">{t('error.ADMIN_ONLY')}</p>}>
        <p class="settings-hint">{t('trash.intro')}</p>
        <FormFeedback error={error()} />
        <Show when={trashed()?.length !== 0} fallback={<p>{t('trash.empty')}</p>}>
          <ul class="settings-section trash-list">
            <For each={trashed()}>
              {(conversation) => (
                <li class="trash-row">
                  <span class={avatarClass(conversation.contact?.colour)} aria-hidden="true">
                    {initials(conversationTitle(conversation))}
                  </span>
                  <span class="trash-text">
                    <bdi class="row-name" id={`trashed-${conversation.id}`}>
                      {conversationTitle(conversation)}
                    </bdi>
                    <span class="settings-email">{conversation.preview ?? ''}</span>
                    <Show when={conversation.trashedAt}>
                      {(at) => (
                        <span class="settings-email">
                          {t('trash.trashedAt', { when: formatRelative(at()) })}
                        </span>
                      )}
                    </Show>
                  </span>
                  <button
                    type="button"
                    class="button button--small"
                    // Named "Restore" like every such button; which conversation, the row says.
                    aria-describedby={`trashed-${conversation.id}`}
                    onClick={async () => {
                      setError(undefined)
                      try {
                        await restore(conversation.id)
                      } catch (caught) {
                        setError(errorMessage(caught))
                      }
                    }}
                  >
                    {t('trash.restore')}
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </div>
  )
}
