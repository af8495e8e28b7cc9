import { type Accessor, createSignal, onCleanup } from 'solid-js'
import type { AttachmentView } from './types.ts'

export interface UploadItem {
  key: string
  name: string
  size: number
  /** A local picture of an image being sent, shown before the server has made its thumbnail. */
  previewUrl: string | null
  voice: boolean
  /** 0 to 1, as the bytes leave the browser. */
  progress: Accessor<number>
  state: Accessor<'uploading' | 'done' | 'failed'>
  error: Accessor<string | null>
  attachment: Accessor<AttachmentView | null>
  /** Settles when the upload ends: the stored file, or null (refused, failed, cancelled). */
  done: Promise<AttachmentView | null>
  cancel(): void
}

export interface Uploads {
  items: Accessor<UploadItem[]>
  add(files: Iterable<File>, options?: { voice?: boolean; durationMs?: number }): UploadItem[]
  /** Cancels (while uploading) or drops one from the tray. */
  remove(key: string): void
  /** The uploaded files, ready to go with the next message. */
  ready(): AttachmentView[]
  busy(): boolean
  /** Empties the tray once a message took its files; `restore` puts them back should the send fail. */
  take(only?: UploadItem[]): UploadItem[]
  restore(items: UploadItem[]): void
  /** Cancels and drops everything (another conversation was opened). */
  clear(): void
}

/**
 * The files waiting to go with the next message. Each streams to `POST /api/uploads` as it is chosen
 * (XMLHttpRequest: fetch cannot report upload progress), so sending the message itself is instant.
 */
export function createUploads(options: {
  conversationId: () => string
  /** Credentials beyond the cookie: the customer's visitor token. */
  headers?: () => Record<string, string>
  /** What to say when the server gave no reason (the connection broke). */
  failedText: () => string
}): Uploads {
  const [items, setItems] = createSignal<UploadItem[]>([])

  const start = (file: File, extra: { voice?: boolean; durationMs?: number }): UploadItem => {
    const [progress, setProgress] = createSignal(0)
    const [state, setState] = createSignal<'uploading' | 'done' | 'failed'>('uploading')
    const [error, setError] = createSignal<string | null>(null)
    const [attachment, setAttachment] = createSignal<AttachmentView | null>(null)
    const query = new URLSearchParams({ conversationId: options.conversationId(), name: file.name })
    if (extra.voice) query.set('voice', '1')
    if (extra.durationMs !== undefined) query.set('durationMs', String(Math.round(extra.durationMs)))
    let settle: (attachment: AttachmentView | null) => void = () => {}
    const done = new Promise<AttachmentView | null>((resolve) => {
      settle = resolve
    })
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/api/uploads?${query}`)
    xhr.setRequestHeader('content-type', 'application/octet-stream')
    for (const [name, value] of Object.entries(options.headers?.() ?? {})) xhr.setRequestHeader(name, value)
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) setProgress(event.loaded / event.total)
    }
    xhr.onload = () => {
      let body: { error?: { message?: string } } & Partial<AttachmentView> = {}
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        // A proxy's error page: the generic words below.
      }
      if (xhr.status === 201 && body.id) {
        setProgress(1)
        setAttachment(body as AttachmentView)
        setState('done')
        settle(body as AttachmentView)
      } else {
        setError(body.error?.message ?? options.failedText())
        setState('failed')
        settle(null)
      }
    }
    xhr.onerror = () => {
      setError(options.failedText())
      setState('failed')
      settle(null)
    }
    xhr.onabort = () => settle(null)
    xhr.send(file)
    const previewUrl = file.type.startsWith('image/') ? URL.createObjectURL(file) : null
    return {
      key: crypto.randomUUID(),
      name: file.name,
      size: file.size,
      previewUrl,
      voice: extra.voice ?? false,
      progress,
      state,
      error,
      attachment,
      done,
      cancel: () => xhr.abort(),
    }
  }

  const release = (item: UploadItem) => {
    if (item.state() === 'uploading') item.cancel()
    if (item.previewUrl) URL.revokeObjectURL(item.previewUrl)
  }
  onCleanup(() => {
    for (const item of items()) release(item)
  })

  return {
    items,
    add(files, extra = {}) {
      const started = [...files].map((file) => start(file, extra))
      if (started.length > 0) setItems((current) => [...current, ...started])
      return started
    },
    remove(key) {
      const item = items().find((candidate) => candidate.key === key)
      if (item) release(item)
      setItems((current) => current.filter((candidate) => candidate.key !== key))
    },
    ready: () => items().flatMap((item) => item.attachment() ?? []),
    busy: () => items().some((item) => item.state() === 'uploading'),
    take(only) {
      const taken = items().filter((item) => item.state() === 'done' && (!only || only.includes(item)))
      setItems((current) => current.filter((item) => !taken.includes(item)))
      return taken
    },
    restore(taken) {
      setItems((current) => [...taken, ...current])
    },
    clear() {
      for (const item of items()) release(item)
      setItems([])
    },
  }
}
