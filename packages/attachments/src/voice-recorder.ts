import { createSignal, onCleanup } from 'solid-js'

/** Opus, as every current browser records it: in WebM (Chromium, Firefox) or Ogg, else what it offers. */
const PREFERRED_TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm', 'audio/mp4']

/** A recording shorter than this is a slip of the finger, not a message. */
const MIN_RECORDING_MS = 500

export interface Recording {
  file: File
  durationMs: number
}

/**
 * One voice recording at a time with MediaRecorder: `start` asks for the microphone, `finish` hands
 * over the recording, `cancel` throws it away. The microphone is released as soon as it stops.
 */
export function createVoiceRecorder(options: { onRecorded: (recording: Recording) => void }) {
  const [state, setState] = createSignal<'idle' | 'starting' | 'recording'>('idle')
  const [elapsedMs, setElapsedMs] = createSignal(0)
  const [error, setError] = createSignal<'denied' | 'unsupported' | null>(null)
  let recorder: MediaRecorder | null = null
  let stream: MediaStream | null = null
  let startedAt = 0
  let ticker: ReturnType<typeof setInterval> | undefined
  /** Set when a start was cancelled before the microphone answered. */
  let abandoned = false

  const release = () => {
    clearInterval(ticker)
    for (const track of stream?.getTracks() ?? []) track.stop()
    stream = null
    recorder = null
    setState('idle')
    setElapsedMs(0)
  }
  onCleanup(release)

  const start = async () => {
    if (state() !== 'idle') return
    setError(null)
    if (typeof MediaRecorder === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
      setError('unsupported')
      return
    }
    abandoned = false
    setState('starting')
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true })
    } catch {
      setError('denied')
      release()
      return
    }
    if (abandoned) {
      release()
      return
    }
    const mimeType = PREFERRED_TYPES.find((type) => MediaRecorder.isTypeSupported(type))
    const active = new MediaRecorder(stream, mimeType ? { mimeType } : {})
    const chunks: Blob[] = []
    active.ondataavailable = (event) => {
      if (event.data.size > 0) chunks.push(event.data)
    }
    active.onstop = () => {
      const durationMs = performance.now() - startedAt
      const keep = (active as MediaRecorder & { keep?: boolean }).keep === true
      if (keep && durationMs >= MIN_RECORDING_MS && chunks.length > 0) {
        const type = active.mimeType || mimeType || 'audio/webm'
        const extension = type.includes('ogg') ? 'ogg' : type.includes('mp4') ? 'm4a' : 'webm'
        const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')
        const file = new File(chunks, `voice-message-${stamp}.${extension}`, { type })
        options.onRecorded({ file, durationMs })
      }
    }
    recorder = active
    startedAt = performance.now()
    active.start(250)
    setState('recording')
    ticker = setInterval(() => setElapsedMs(performance.now() - startedAt), 200)
  }

  const stop = (keep: boolean) => {
    if (state() === 'starting') {
      abandoned = true
      return
    }
    const active = recorder
    if (!active) return
    ;(active as MediaRecorder & { keep?: boolean }).keep = keep
    active.stop()
    release()
  }

  return {
    state,
    elapsedMs,
    error,
    start,
    /** Stops and hands the recording over (to be sent). */
    finish: () => stop(true),
    cancel: () => stop(false),
  }
}
