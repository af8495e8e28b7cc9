import { createSignal, For, Match, Show, Switch } from 'solid-js'
import { formatBytes, formatDuration } from './format.ts'
import type { AttachmentText, AttachmentView } from './types.ts'
import './attachments.css'

/**
 * A sent message's files: pictures as thumbnails that open in a lightbox, sound and video with players,
 * documents as cards to download. `url` says where each is served (`/files/<id>`, with a customer's key).
 */
export function MessageAttachments(props: {
  attachments: AttachmentView[]
  url: (attachment: AttachmentView, variant?: 'thumbnail') => string
  text: AttachmentText
  locale?: string
}) {
  const [open, setOpen] = createSignal<AttachmentView | null>(null)
  let dialog: HTMLDialogElement | undefined

  const show = (attachment: AttachmentView) => {
    setOpen(attachment)
    dialog?.showModal()
  }

  return (
    <Show when={props.attachments.length > 0}>
      <div class="attachments">
        <For each={props.attachments}>
          {(attachment) => (
            <Switch>
              <Match when={attachment.kind === 'image'}>
                <button
                  type="button"
                  class="attachment-image"
                  aria-label={props.text('openImage', { name: attachment.name })}
                  onClick={() => show(attachment)}
                >
                  <img
                    src={props.url(attachment, attachment.thumbnail ? 'thumbnail' : undefined)}
                    alt={attachment.name}
                    loading="lazy"
                  />
                </button>
              </Match>
              <Match when={attachment.kind === 'audio'}>
                <figure class="attachment-audio">
                  <audio controls preload="metadata" src={props.url(attachment)} aria-label={attachment.name}>
                    {/* Recordings have no captions; the name and length say what it is. */}
                    <track kind="captions" />
                  </audio>
                  <figcaption>
                    <bdi>{attachment.durationMs !== null ? props.text('voiceMessage') : attachment.name}</bdi>
                    <Show when={attachment.durationMs}>
                      {(ms) => <span class="attachment-duration"> · {formatDuration(ms())}</span>}
                    </Show>
                  </figcaption>
                </figure>
              </Match>
              <Match when={attachment.kind === 'video'}>
                <video
                  class="attachment-video"
                  controls
                  preload="metadata"
                  src={props.url(attachment)}
                  aria-label={attachment.name}
                >
                  <track kind="captions" />
                </video>
              </Match>
              <Match when={attachment.kind === 'document'}>
                <a
                  class="attachment-card"
                  href={props.url(attachment)}
                  download={attachment.name}
                  // The card reads as it looks ("invoice.pdf PDF · 12 KB"); the tooltip says what a click does.
                  title={props.text('download', {
                    name: attachment.name,
                    type: attachment.type,
                    size: formatBytes(attachment.size, props.locale),
                  })}
                >
                  <span class="attachment-type" aria-hidden="true">
                    {attachment.type}
                  </span>
                  <span class="attachment-card-text">
                    <bdi class="attachment-name">{attachment.name}</bdi>
                    <span class="attachment-size">
                      {attachment.type} · {formatBytes(attachment.size, props.locale)}
                    </span>
                  </span>
                </a>
              </Match>
            </Switch>
          )}
        </For>
        {/* biome-ignore lint/a11y/useKeyWithClickEvents: Escape closes a modal dialog by itself; a click on the backdrop is the pointer's way */}
        <dialog
          ref={dialog}
          class="attachment-lightbox"
          aria-label={open()?.name ?? ''}
          onClose={() => setOpen(null)}
          onClick={(event) => {
            // A click on the backdrop (the dialog itself, outside the picture) closes it.
            if (event.target === event.currentTarget) dialog?.close()
          }}
        >
          <Show when={open()}>
            {(attachment) => (
              <>
                <img src={props.url(attachment())} alt={attachment().name} />
                <div class="attachment-lightbox-bar">
                  <bdi>{attachment().name}</bdi>
                  <a href={props.url(attachment())} download={attachment().name}>
                    {props.text('download', {
                      name: attachment().name,
                      type: attachment().type,
                      size: formatBytes(attachment().size, props.locale),
                    })}
                  </a>
                  <button type="button" onClick={() => dialog?.close()}>
                    {props.text('closeImage')}
                  </button>
                </div>
              </>
            )}
          </Show>
        </dialog>
      </div>
    </Show>
  )
}
