import { A } from '@solidjs/router'
import { t } from '../i18n/index.ts'

/** Settings → Outbox: where the dev stack's mail is read (issue 11, part 1). */
export function SettingsOutbox() {
  return (
    <section class="settings-section" aria-labelledby="settings-outbox">
      <h3 id="settings-outbox">{t('outbox.title')}</h3>
      <p class="settings-hint">{t('outbox.settingsHint')}</p>
      <div>
        <A href="/settings/outbox" class="button">
          {t('outbox.open')}
        </A>
      </div>
    </section>
  )
}
