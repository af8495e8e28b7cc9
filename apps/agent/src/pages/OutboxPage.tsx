import { A, createAsync, revalidate, useSearchParams } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { getOutbox, getOutboxMail, OUTBOX_PAGE_SIZE } from '../data/mail.data.ts'
import { formatRelative, formatTime, t } from '../i18n/index.ts'
import { useMe } from '../lib/me.context.ts'

type Address = { address: string; name?: string | undefined }

const addressText = (address: Address) =>
  address.name ? `${address.name} <${address.address}>` : address.address

/**
 * Settings → Outbox: without SMTP_URL the server keeps its mail in the dev outbox, and admins read it
 * here. A mail's HTML is shown in a sandboxed frame without scripts, forms or same-origin access: mail
 * HTML can never act in the app.
 */
export default function OutboxPage() {
  const me = useMe()
  const [params] = useSearchParams<{ mail?: string }>()
  const outbox = createAsync(() => (me().role === 'admin' ? getOutbox() : Promise.resolve(null)))
  const selected = createAsync(() => {
    const id = params.mail
    // A link to a mail that is gone (or never was) says so, rather than failing the page.
    return me().role === 'admin' && id ? getOutboxMail(id).catch(() => null) : Promise.resolve(null)
  })

  return (
    <div class="settings-page outbox-page">
      <div class="outbox-heading">
        <h2>{t('outbox.title')}</h2>
        <A href="/settings" class="button button--ghost button--small">
          {t('outbox.back')}
        </A>
      </div>
      <Show when={me().role === 'admin'} fallback={<p role="alert">{t('error.ADMIN_ONLY')}</p>}>
        <Show when={outbox()}>
          {(current) => (
            <Show when={current().devOutbox} fallback={<p class="settings-hint">{t('outbox.smtp')}</p>}>
              <div class="outbox-toolbar">
                <p class="settings-hint">{t('outbox.intro', { count: OUTBOX_PAGE_SIZE })}</p>
                <button
                  type="button"
                  class="button button--small"
                  onClick={() => void revalidate([getOutbox.key, getOutboxMail.key])}
                >
                  {t('outbox.refresh')}
                </button>
              </div>
              <Show when={current().mails.length > 0} fallback={<p>{t('outbox.empty')}</p>}>
                <div class="outbox-layout">
                  <nav class="settings-section outbox-list" aria-label={t('outbox.listLabel')}>
                    <ul>
                      <For each={current().mails}>
                        {(mail) => (
                          <li>
                            <A
                              href={`/settings/outbox?mail=${encodeURIComponent(mail.id)}`}
                              class="outbox-item"
                              aria-current={params.mail === mail.id ? 'page' : undefined}
                            >
                              <bdi class="row-name">{mail.subject}</bdi>
                              <span class="settings-email">{addressText(mail.to)}</span>
                              <span class="settings-email">{formatRelative(new Date(mail.sentAt))}</span>
                            </A>
                          </li>
                        )}
                      </For>
                    </ul>
                  </nav>
                  <section class="settings-section outbox-mail" aria-labelledby="outbox-subject">
                    <Show
                      when={selected()}
                      fallback={
                        <p class="settings-hint">{params.mail ? t('outbox.missing') : t('outbox.choose')}</p>
                      }
                      keyed
                    >
                      {(mail) => (
                        <>
                          <h3 id="outbox-subject">
                            <bdi>{mail.subject}</bdi>
                          </h3>
                          <dl class="outbox-headers">
                            <dt>{t('outbox.from')}</dt>
                            <dd>{addressText(mail.from)}</dd>
                            <dt>{t('outbox.to')}</dt>
                            <dd>{addressText(mail.to)}</dd>
                            <dt>{t('outbox.sent')}</dt>
                            <dd>{formatTime(new Date(mail.sentAt))}</dd>
                            <dt>{t('outbox.language')}</dt>
                            <dd>{mail.language}</dd>
                          </dl>
                          {/* sandbox="": no scripts, no forms, no popups, an opaque origin. */}
                          <iframe
                            class="outbox-frame"
                            title={t('outbox.htmlPart')}
                            sandbox=""
                            referrerpolicy="no-referrer"
                            srcdoc={mail.html}
                          />
                          <details class="outbox-text">
                            <summary>{t('outbox.textPart')}</summary>
                            <pre>{mail.text}</pre>
                          </details>
                        </>
                      )}
                    </Show>
                  </section>
                </div>
              </Show>
            </Show>
          )}
        </Show>
      </Show>
    </div>
  )
}
