import { A, createAsync, useAction } from '@solidjs/router'
import { createSignal, For, Index, Show } from 'solid-js'
import { blockContact, getContact, saveContactDetails, unblockContact } from '../data/contact.data.ts'
import { formatRelative, t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'
import { FormFeedback } from './FormFeedback.tsx'

/**
 * A contact as the team knows them: editable details and the team's own fields, their conversations,
 * and "Block contact" (rule 7). Beside a thread (`compact`) and on the contact's own page.
 */
export function ContactDetails(props: {
  contactId: string
  currentConversationId?: string
  compact?: boolean
}) {
  const data = createAsync(() => getContact(props.contactId))
  const save = useAction(saveContactDetails)
  const block = useAction(blockContact)
  const unblock = useAction(unblockContact)
  const [feedback, setFeedback] = createSignal<{ error?: string; done?: string }>({})
  const [extraFields, setExtraFields] = createSignal(0)

  const attempt = async (work: () => Promise<unknown>, done = t('settings.saved')) => {
    setFeedback({})
    try {
      await work()
      setFeedback({ done })
    } catch (caught) {
      setFeedback({ error: errorMessage(caught) })
    }
  }

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    const field = (name: string) => String(form.get(name) ?? '')
    const keys = form.getAll('attributeKey').map(String)
    const values = form.getAll('attributeValue').map(String)
    void attempt(async () => {
      await save({
        contactId: props.contactId,
        name: field('name'),
        email: field('email'),
        phone: field('phone'),
        company: field('company'),
        attributes: keys.map((key, index) => ({ key, value: values[index] ?? '' })),
      })
      setExtraFields(0)
    })
  }

  return (
    <Show when={data()}>
      {(loaded) => (
        <section class="contact-details" aria-labelledby={`contact-${props.contactId}`}>
          <h3 id={`contact-${props.contactId}`}>
            {t('contacts.details')}
            <Show when={loaded().contact.blocked}>
              <span class="status-badge status-badge--closed">{t('contacts.blocked')}</span>
            </Show>
          </h3>
          <form class="form" onSubmit={onSubmit}>
            <label class="field">
              <span>{t('contacts.name')}</span>
              <input name="name" maxLength={100} value={loaded().contact.name ?? ''} />
            </label>
            <label class="field">
              <span>{t('contacts.email')}</span>
              <input name="email" type="email" maxLength={254} value={loaded().contact.email ?? ''} />
            </label>
            <label class="field">
              <span>{t('contacts.phone')}</span>
              <input name="phone" type="tel" maxLength={40} value={loaded().contact.phone ?? ''} />
            </label>
            <label class="field">
              <span>{t('contacts.company')}</span>
              <input name="company" maxLength={120} value={loaded().contact.company ?? ''} />
            </label>
            <fieldset class="contact-attributes">
              <legend>{t('contacts.attributes')}</legend>
              <Index
                each={[...loaded().contact.attributes, ...Array.from({ length: extraFields() }, () => null)]}
              >
                {(attribute, index) => (
                  <div class="field-row">
                    <input
                      name="attributeKey"
                      maxLength={200}
                      aria-label={t('contacts.attributeName', { number: index + 1 })}
                      value={attribute()?.key ?? ''}
                    />
                    <input
                      name="attributeValue"
                      maxLength={500}
                      aria-label={t('contacts.attributeValue', { number: index + 1 })}
                      value={attribute()?.value ?? ''}
                    />
                  </div>
                )}
              </Index>
              <button
                type="button"
                class="button button--ghost button--small"
                onClick={() => setExtraFields((n) => n + 1)}
              >
                {t('contacts.addAttribute')}
              </button>
            </fieldset>
            <div class="profile-actions">
              <button type="submit" class="button button--primary button--small">
                {t('contacts.save')}
              </button>
              <Show
                when={loaded().contact.blocked}
                fallback={
                  <button
                    type="button"
                    class="button button--small button--danger"
                    onClick={() => attempt(() => block(props.contactId), t('contacts.blockedNow'))}
                  >
                    {t('contacts.block')}
                  </button>
                }
              >
                <button
                  type="button"
                  class="button button--small"
                  onClick={() => attempt(() => unblock(props.contactId), t('contacts.unblockedNow'))}
                >
                  {t('contacts.unblock')}
                </button>
              </Show>
            </div>
            <FormFeedback {...feedback()} />
          </form>
          <h4>{t('contacts.conversations')}</h4>
          <ul class="contact-conversations">
            <For each={loaded().conversations} fallback={<li>{t('contacts.noConversations')}</li>}>
              {(conversation) => (
                <li>
                  <A
                    href={`/c/${conversation.id}`}
                    aria-current={conversation.id === props.currentConversationId ? 'page' : undefined}
                  >
                    <span>{conversation.preview ?? t('conversation.noMessages')}</span>
                    <span class="settings-email">
                      {conversation.status === 'open'
                        ? t('conversation.statusOpen')
                        : t('conversation.statusClosed')}{' '}
                      · {formatRelative(conversation.lastMessageAt)}
                    </span>
                  </A>
                </li>
              )}
            </For>
          </ul>
          <Show when={props.compact}>
            <A href={`/contacts/${props.contactId}`} class="settings-hint">
              {t('contacts.open')}
            </A>
          </Show>
        </section>
      )}
    </Show>
  )
}
