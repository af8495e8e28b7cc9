import { Show } from 'solid-js'
import { createAvailability } from '../data/availability.ts'
import { t } from '../i18n/index.ts'

/** Under the header: whether someone answers now, in the admin's words or the default ones. */
export function HelpdeskAvailability() {
  const availability = createAvailability()
  return (
    <Show when={availability()}>
      {(current) => (
        <p
          class="availability-banner"
          classList={{ 'availability-banner--offline': current().status === 'offline' }}
          role="status"
        >
          <span class="availability-dot" aria-hidden="true" />
          {current().message ??
            (current().status === 'online' ? t('availability.online') : t('availability.offline'))}
        </p>
      )}
    </Show>
  )
}
