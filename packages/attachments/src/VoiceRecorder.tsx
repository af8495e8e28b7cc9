import { type JSX, Show } from 'solid-js'
import { formatDuration } from './format.ts'
import type { AttachmentText } from './types.ts'
import { createVoiceRecorder, type Recording } from './voice-recorder.ts'

/** Held shorter than this, the button was tapped: recording goes on until tapped again. */
const TAP_MS = 350
/** Sliding this far from the button while holding cancels, as in every messenger. */
const SLIDE_CANCEL_PX = 60

/**
 * "Record voice message": press and hold to record, release to send, slide away or press Escape to
 * cancel. A tap (or Enter/Space, for keyboards and screen readers) starts recording instead, and the
 * bar that appears sends or cancels it.
 */
export function VoiceRecorder(props: {
  onRecorded: (recording: Recording) => void
  text: AttachmentText
  /** The record button's class and icon, in the app's look. */
  class: string
  children: JSX.Element
}) {
  const recorder = createVoiceRecorder({ onRecorded: (recording) => props.onRecorded(recording) })
  let pressedAt = 0
  let origin: { x: number; y: number } | null = null
  /** Whether this recording is held (ends on release) rather than tapped (ends on the bar's buttons). */
  let holding = false

  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0 || recorder.state() !== 'idle') return
    event.preventDefault()
    ;(event.currentTarget as HTMLElement).setPointerCapture(event.pointerId)
    pressedAt = performance.now()
    origin = { x: event.clientX, y: event.clientY }
    holding = true
    void recorder.start()
  }
  const onPointerMove = (event: PointerEvent) => {
    if (!holding || !origin) return
    if (Math.hypot(event.clientX - origin.x, event.clientY - origin.y) > SLIDE_CANCEL_PX) {
      holding = false
      origin = null
      recorder.cancel()
    }
  }
  const onPointerUp = () => {
    if (!holding) return
    holding = false
    origin = null
    // A tap: keep recording, the bar takes over.
    if (performance.now() - pressedAt < TAP_MS) return
    recorder.finish()
  }
  const onClick = (event: MouseEvent) => {
    // Pointer presses are handled above; a click with no pointer behind it is Enter or Space.
    if (event.detail !== 0) return
    if (recorder.state() === 'idle') void recorder.start()
    else recorder.finish()
  }
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && recorder.state() !== 'idle') {
      event.preventDefault()
      holding = false
      recorder.cancel()
    }
  }

  return (
    <>
      <button
        type="button"
        class={props.class}
        classList={{ recording: recorder.state() !== 'idle' }}
        aria-label={props.text('record')}
        aria-pressed={recorder.state() !== 'idle'}
        title={props.text('recordHint')}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => {
          holding = false
          recorder.cancel()
        }}
        onClick={onClick}
        onKeyDown={onKeyDown}
        onContextMenu={(event) => event.preventDefault()}
      >
        {props.children}
      </button>
      <Show when={recorder.state() !== 'idle'}>
        {/* biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere in the bar cancels, as on the button */}
        <div class="voice-bar" onKeyDown={onKeyDown}>
          <span class="voice-dot" aria-hidden="true" />
          <span class="voice-time" role="status">
            {props.text('recording', { time: formatDuration(recorder.elapsedMs()) })}
          </span>
          <button type="button" class="voice-cancel" onClick={() => recorder.cancel()}>
            {props.text('cancelRecording')}
          </button>
          <button type="button" class="voice-send" onClick={() => recorder.finish()}>
            {props.text('sendRecording')}
          </button>
        </div>
      </Show>
      <Show when={recorder.error()}>
        {(problem) => (
          <span class="voice-error" role="alert">
            {props.text(problem() === 'denied' ? 'microphoneDenied' : 'recordingUnsupported')}
          </span>
        )}
      </Show>
    </>
  )
}
