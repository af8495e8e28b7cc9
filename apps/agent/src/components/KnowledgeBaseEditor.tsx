import { renderMarkdown } from '@parley/markdown'
import { useAction, useNavigate } from '@solidjs/router'
import { createSignal, onMount, Show } from 'solid-js'
import {
  type ArticleFields,
  changeArticle,
  createArticle,
  publishArticle,
  removeArticle,
  unpublishArticle,
} from '../data/kb.data.ts'
import { formatRelative, t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'
import type { ArticleDTO } from '../lib/trpc.client.ts'

/** Writes a new article (`article` null) or edits one: title, slug, category, Markdown with a live preview. */
export function KnowledgeBaseEditor(props: { article: ArticleDTO | null }) {
  const navigate = useNavigate()
  const create = useAction(createArticle)
  const change = useAction(changeArticle)
  const publish = useAction(publishArticle)
  const unpublish = useAction(unpublishArticle)
  const remove = useAction(removeArticle)
  // Deliberately a snapshot: the editor is re-created (keyed) for each article it opens.
  const initial = props.article
  /** The article as last stored: every change answers with it, so the editor needs no refetch. */
  const [current, setCurrent] = createSignal(initial)
  const [title, setTitle] = createSignal(initial?.title ?? '')
  const [slug, setSlug] = createSignal(initial?.slug ?? '')
  const [category, setCategory] = createSignal(initial?.category ?? '')
  const [body, setBody] = createSignal(initial?.body ?? '')
  const [dirty, setDirty] = createSignal(false)
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<unknown>()
  const [saved, setSaved] = createSignal(false)
  let titleField!: HTMLInputElement
  onMount(() => {
    if (!initial) titleField.focus()
  })

  const readOnly = () => current()?.mayChange === false
  const fields = (): ArticleFields => ({
    title: title(),
    slug: slug().trim(),
    category: category(),
    body: body(),
  })
  const edited = (set: (value: string) => void) => (event: { currentTarget: { value: string } }) => {
    set(event.currentTarget.value)
    setDirty(true)
    setSaved(false)
  }

  /** Stores what is in the form; a new article is opened at its own address once it has one. */
  const save = async (): Promise<ArticleDTO | null> => {
    const article = current()
    const stored = article ? await change(article.id, article.version, fields()) : await create(fields())
    setCurrent(stored)
    setTitle(stored.title)
    setSlug(stored.slug)
    setCategory(stored.category)
    setBody(stored.body)
    setDirty(false)
    if (!article) navigate(`/knowledge-base/${stored.id}`, { replace: true })
    return stored
  }

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true)
    setError(undefined)
    setSaved(false)
    try {
      await work()
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault()
    void run(async () => {
      await save()
      setSaved(true)
    })
  }

  // What is published is what is in the form: unsaved changes are saved first.
  const onPublish = () =>
    run(async () => {
      const article = current()
      if (!article) return
      if (dirty()) await save()
      setCurrent(await publish(article.id))
    })

  const onUnpublish = () =>
    run(async () => {
      const article = current()
      if (article) setCurrent(await unpublish(article.id))
    })

  const onRemove = () => {
    const article = current()
    if (!article || !window.confirm(t('kb.removeConfirm', { title: article.title }))) return
    void run(async () => {
      await remove(article.id)
      navigate('/knowledge-base', { replace: true })
    })
  }

  return (
    <form class="kb-editor" aria-labelledby="kb-editor-title" onSubmit={onSubmit} novalidate>
      <div class="kb-editor-top">
        <div class="kb-editor-heading">
          <h2 id="kb-editor-title">{current()?.title || t('kb.untitled')}</h2>
          <Show when={current()}>
            {(article) => (
              <span
                class="kb-status"
                classList={{ 'kb-status--published': article().status === 'published' }}
              >
                {article().status === 'published' ? t('kb.published') : t('kb.draft')}
              </span>
            )}
          </Show>
        </div>
        <div class="kb-actions">
          <Show when={current()?.status === 'published' && current()}>
            {(article) => (
              <a
                class="button button--ghost button--small"
                href={article().url}
                target="_blank"
                rel="noopener"
              >
                {t('kb.viewPublic')}
              </a>
            )}
          </Show>
          <Show when={!readOnly()}>
            <button type="submit" class="button" disabled={busy()}>
              {t('kb.save')}
            </button>
          </Show>
          <Show when={current()?.mayPublish && current()}>
            {(article) => (
              <Show
                when={article().status === 'published'}
                fallback={
                  <button type="button" class="button button--primary" disabled={busy()} onClick={onPublish}>
                    {t('kb.publish')}
                  </button>
                }
              >
                <button type="button" class="button" disabled={busy()} onClick={onUnpublish}>
                  {t('kb.unpublish')}
                </button>
              </Show>
            )}
          </Show>
          <Show when={current() && !readOnly()}>
            <button type="button" class="button button--ghost" disabled={busy()} onClick={onRemove}>
              {t('kb.remove')}
            </button>
          </Show>
        </div>
      </div>
      <Show when={current()?.mayPublish === false || readOnly()}>
        <p class="kb-hint">{t('kb.adminPublishes')}</p>
      </Show>
      <Show when={current()}>
        {(article) => <p class="kb-hint">{t('kb.updated', { when: formatRelative(article().updatedAt) })}</p>}
      </Show>
      <label class="field">
        <span>{t('kb.fieldTitle')}</span>
        <input
          ref={titleField}
          name="title"
          required
          maxLength={200}
          readOnly={readOnly()}
          value={title()}
          onInput={edited(setTitle)}
        />
      </label>
      <div class="field-row">
        <div class="field">
          <label for="kb-slug">{t('kb.fieldSlug')}</label>
          <input
            id="kb-slug"
            name="slug"
            maxLength={80}
            pattern="[a-z0-9]+(-[a-z0-9]+)*"
            placeholder={t('kb.slugPlaceholder')}
            readOnly={readOnly()}
            value={slug()}
            onInput={edited(setSlug)}
            aria-describedby="kb-slug-hint"
          />
          <span id="kb-slug-hint" class="kb-hint">
            {t('kb.slugHint', { slug: slug().trim() || '…' })}
          </span>
        </div>
        <label class="field">
          <span>{t('kb.fieldCategory')}</span>
          <input
            name="category"
            maxLength={80}
            readOnly={readOnly()}
            value={category()}
            onInput={edited(setCategory)}
          />
        </label>
      </div>
      <div class="kb-columns">
        <label class="field">
          <span>{t('kb.fieldBody')}</span>
          <textarea
            class="kb-body-input"
            name="body"
            readOnly={readOnly()}
            value={body()}
            onInput={edited(setBody)}
          />
        </label>
        <section class="kb-preview" aria-labelledby="kb-preview-title">
          <span id="kb-preview-title" class="kb-preview-title">
            {t('kb.preview')}
          </span>
          <Show when={body().trim()} fallback={<p class="kb-preview-body kb-hint">{t('kb.previewEmpty')}</p>}>
            <div class="kb-preview-body markdown" innerHTML={renderMarkdown(body())} />
          </Show>
        </section>
      </div>
      <Show when={error()}>
        <p class="form-error" role="alert">
          {errorMessage(error())}
        </p>
      </Show>
      <p class="kb-hint" role="status">
        {saved() ? t('kb.saved') : ''}
      </p>
    </form>
  )
}
