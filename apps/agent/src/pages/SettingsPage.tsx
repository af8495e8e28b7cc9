import { Show } from 'solid-js'
import { SettingsAgents } from '../components/SettingsAgents.tsx'
import { SettingsHelpdesk } from '../components/SettingsHelpdesk.tsx'
import { SettingsOrganisation } from '../components/SettingsOrganisation.tsx'
import { SettingsOutbox } from '../components/SettingsOutbox.tsx'
import { SettingsTeams } from '../components/SettingsTeams.tsx'
import { SettingsWidget } from '../components/SettingsWidget.tsx'
import { t } from '../i18n/index.ts'
import { useMe } from '../lib/me.context.ts'

/** The admin's page: the organisation, who works here (invite, roles, deactivate), the teams, the outbox. */
export default function SettingsPage() {
  const me = useMe()
  return (
    <div class="settings-page">
      <h2>{t('settings.title')}</h2>
      <Show when={me().role === 'admin'} fallback={<p role="alert">{t('error.ADMIN_ONLY')}</p>}>
        <SettingsOrganisation />
        <SettingsHelpdesk />
        <SettingsWidget />
        <SettingsAgents />
        <SettingsTeams />
        <SettingsOutbox />
      </Show>
    </div>
  )
}
