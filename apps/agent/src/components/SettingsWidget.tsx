import { createAsync, useAction } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { getWidgetSettings, newIdentitySecret, setWidgetSites } from '../data/widget.data.ts'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'
import { FormFeedback } from './FormFeedback.tsx'

/**
 * Settings → Website widget (issue 10, parts 3 and 4): the tag to put on a site, the sites allowed to
 * show the chat, and the secret a site's server signs its logged-in users with.
 */
export function SettingsWidget() {
  const settings = createAsync(() => getWidgetSettings())
  const saveSites = useAction(setWidgetSites)
  const replaceSecret = useAction(newIdentitySecret)
  const [sitesFeedback, setSitesFeedback] = createSignal<{ error?: string; done?: string }>({})
  const [secretFeedback, setSecretFeedback] = createSignal<{ error?: string; done?: string }>({})
  const snippet = `<script src="${location.origin}/widget.js" async></script>`

  const onSaveSites = async (event: SubmitEvent) => {
    event.preventDefault()
    const text = String(new FormData(event.currentTarget as HTMLFormElement).get('sites') ?? '')
    const sites = text
      .split(/[\s,]+/)
      .map((site) => site.trim())
      .filter(Boolean)
    try {
      await saveSites(sites)
      setSitesFeedback({ done: t('settings.saved') })
    } catch (caught) {
      setSitesFeedback({ error: errorMessage(caught) })
    }
  }

  const onNewSecret = async () => {
    // Replacing a secret in use signs out every user the sites vouched for with the old one.
    if (settings()?.identitySecret && !window.confirm(t('widget.replaceSecretConfirm'))) return
    try {
      await replaceSecret()
      setSecretFeedback({ done: t('widget.secretCreated') })
    } catch (caught) {
      setSecretFeedback({ error: errorMessage(caught) })
    }
  }

  return (
    <section class="settings-section" aria-labelledby="settings-widget">
      <h3 id="settings-widget">{t('widget.title')}</h3>
      <p class="settings-hint">{t('widget.intro')}</p>
      <label class="field">
        <span>{t('widget.snippet')}</span>
        <input readOnly value={snippet} onFocus={(event) => event.currentTarget.select()} />
      </label>
      <Show when={settings()}>
        {(current) => (
          <>
            <form class="form" onSubmit={onSaveSites}>
              <label class="field">
                <span>{t('widget.sites')}</span>
                <textarea
                  name="sites"
                  rows={3}
                  placeholder="https://shop.example"
                  value={current().sites.join('\n')}
                />
              </label>
              <p class="settings-hint">{t('widget.sitesHint')}</p>
              <div>
                <button type="submit" class="button">
                  {t('widget.saveSites')}
                </button>
              </div>
              <FormFeedback {...sitesFeedback()} />
            </form>
            <div class="form">
              <p class="settings-hint">{t('widget.identityHint')}</p>
              <Show when={current().identitySecret}>
                {(secret) => (
                  <label class="field">
                    <span>{t('widget.secret')}</span>
                    <input readOnly value={secret()} onFocus={(event) => event.currentTarget.select()} />
                  </label>
                )}
              </Show>
              <div>
                <button type="button" class="button" onClick={() => void onNewSecret()}>
                  {current().identitySecret ? t('widget.replaceSecret') : t('widget.createSecret')}
                </button>
              </div>
              <FormFeedback {...secretFeedback()} />
            </div>
          </>
        )}
      </Show>
    </section>
  )
}
