import { For, Show } from 'solid-js'
import { formatBytes } from './format.ts'
import type { AttachmentText } from './types.ts'
import type { Uploads } from './uploads.ts'
import './attachments.css'

/** The files chosen for the next message: each with its progress, a cancel or remove button, its error. */
export function UploadTray(props: { uploads: Uploads; text: AttachmentText; locale?: string }) {
  return (
    <Show when={props.uploads.items().length > 0}>
      <ul class="upload-tray" aria-label={props.text('tray')}>
        <For each={props.uploads.items()}>
          {(item) => (
            <li class="upload-item" classList={{ 'upload-item--failed': item.state() === 'failed' }}>
              <Show when={item.previewUrl} fallback={<span class="upload-icon" aria-hidden="true" />}>
                {(url) => <img class="upload-preview" src={url()} alt="" />}
              </Show>
              <span class="upload-text">
                <bdi class="upload-name">{item.name}</bdi>
                <Show
                  when={item.state() === 'failed'}
                  fallback={
                    <span class="upload-meta">
                      {formatBytes(item.size, props.locale)}
                      <Show when={item.state() === 'uploading'}>
                        {' · '}
                        {props.text('uploading')}
                      </Show>
                    </span>
                  }
                >
                  <span class="upload-error" role="alert">
                    {item.error()}
                  </span>
                </Show>
                <Show when={item.state() === 'uploading'}>
                  <progress
                    class="upload-progress"
                    max={1}
                    value={item.progress()}
                    aria-label={props.text('uploading')}
                  />
                </Show>
              </span>
              <button
                type="button"
                class="upload-remove"
                aria-label={
                  item.state() === 'uploading'
                    ? props.text('cancelUpload', { name: item.name })
                    : props.text('remove', { name: item.name })
                }
                title={
                  item.state() === 'uploading'
                    ? props.text('cancelUpload', { name: item.name })
                    : props.text('remove', { name: item.name })
                }
                onClick={() => props.uploads.remove(item.key)}
              >
                ×
              </button>
            </li>
          )}
        </For>
      </ul>
    </Show>
  )
}
