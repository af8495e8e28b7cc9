import { Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import type { ConversationDTO } from '../lib/trpc.client.ts'

/** Rule 11's dots, named for people who cannot see the colour. */
export function StatusDot(props: { dot: ConversationDTO['dot'] }) {
  return (
    <Show when={props.dot}>
      {(dot) => {
        const name = () => (dot() === 'new' ? t('dot.new') : t('dot.missed'))
        return (
          <span class={`status-dot status-dot--${dot()}`} role="img" aria-label={name()} title={name()} />
        )
      }}
    </Show>
  )
}
