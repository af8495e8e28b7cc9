import {
  AttachButton,
  createUploads,
  filesOf,
  type Recording,
  UploadTray,
  VoiceRecorder,
} from '@parley/attachments'
import { MicIcon, PaperclipIcon, SendIcon } from '@parley/ui'
import { createSignal, onMount, Show } from 'solid-js'
import { loadThread, sendMessage } from '../data/conversation.store.ts'
import { createTypingNotifier } from '../data/typing.ts'
import { failure } from '../data/visitor.data.ts'
import { attachmentText, locale, t } from '../i18n/index.ts'
import { newClientId } from '../lib/client-id.ts'
import { domainCode, isUnauthorized } from '../lib/errors.ts'
import { keepLeftoverDraft } from '../lib/leftover-draft.ts'
import { visitorToken } from '../lib/visitor-token.ts'

const maxHeightPx = 160

/** `reopensOnSend`: the conversation is closed but not a ticket, so the next message reopens it. */
export function ConversationComposer(props: { conversationId: string; reopensOnSend?: boolean }) {
  const [text, setText] = createSignal('')
  const [error, setError] = createSignal<string | null>(null)
  const notifyTyping = createTypingNotifier(() => props.conversationId)
  let field!: HTMLTextAreaElement
  const uploads = createUploads({
    conversationId: () => props.conversationId,
    headers: (): Record<string, string> => {
      const token = visitorToken()
      return token ? { 'x-parley-visitor': token } : {}
    },
    failedText: () => t('attachments.failed'),
  })
  const canSend = () => (text().trim() !== '' || uploads.ready().length > 0) && !uploads.busy()

  const fitHeight = () => {
    field.style.height = 'auto'
    field.style.height = `${Math.min(field.scrollHeight, maxHeightPx)}px`
  }

  // On touch devices focusing would pop up the keyboard over the thread the customer came to read.
  onMount(() => {
    if (window.matchMedia('(pointer: fine)').matches) field.focus({ preventScroll: true })
  })

  async function send() {
    const body = text()
    if (!canSend()) {
      field.focus()
      return
    }
    const taken = uploads.take()
    const attachments = taken.flatMap((item) => item.attachment() ?? [])
    setError(null)
    setText('')
    fitHeight()
    try {
      // A message that cannot get through stays in the thread as not sent, with Retry (sendMessage).
      await sendMessage(props.conversationId, newClientId(), body, attachments)
    } catch (caught) {
      // Refused: nothing was stored, and sending it unchanged would not help.
      uploads.restore(taken)
      // Give the words back, ahead of anything typed since.
      const restored = text().trim() ? `${body}\n${text()}` : body
      const ticketClosed = domainCode(caught) === 'TICKET_CLOSED'
      // This composer is about to make way for the closed notice or the start form: the text moves on.
      if (ticketClosed || isUnauthorized(caught)) keepLeftoverDraft(restored)
      setText(restored)
      setError(failure(caught))
      queueMicrotask(fitHeight)
      if (ticketClosed) loadThread(props.conversationId).catch(() => undefined)
    }
  }

  /** Released (or "Send voice message"): the recording uploads and goes out on its own; typed words stay. */
  async function sendRecording({ file, durationMs }: Recording) {
    const [item] = uploads.add([file], { voice: true, durationMs })
    // A refusal or a broken connection stays in the tray with its reason.
    if (!item || !(await item.done)) return
    const taken = uploads.take([item])
    setError(null)
    try {
      await sendMessage(
        props.conversationId,
        newClientId(),
        '',
        taken.flatMap((upload) => upload.attachment() ?? []),
      )
    } catch (caught) {
      uploads.restore(taken)
      setError(failure(caught))
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault()
      void send()
    }
  }

  return (
    <form
      class="composer"
      onDragOver={(event) => {
        if (event.dataTransfer?.types.includes('Files')) event.preventDefault()
      }}
      onDrop={(event) => {
        const files = filesOf(event.dataTransfer)
        if (!files) return
        event.preventDefault()
        uploads.add(files)
      }}
      onSubmit={(event) => {
        event.preventDefault()
        void send()
      }}
    >
      <Show when={error()}>
        {(message) => (
          <p class="composer-error" role="alert">
            {message()}
          </p>
        )}
      </Show>
      <Show when={props.reopensOnSend}>
        <p id="composer-reopens" class="composer-reopens">
          {t('closed.writeToReopen')}
        </p>
      </Show>
      <UploadTray uploads={uploads} text={attachmentText} locale={locale()} />
      <div class="composer-row">
        <AttachButton uploads={uploads} label={t('attachments.attach')} class="composer-tool">
          <PaperclipIcon size={20} />
        </AttachButton>
        <VoiceRecorder onRecorded={sendRecording} text={attachmentText} class="composer-tool">
          <MicIcon size={20} />
        </VoiceRecorder>
        <label for="composer-message" class="sr-only">
          {t('composer.label')}
        </label>
        <textarea
          ref={field}
          id="composer-message"
          name="message"
          rows={1}
          placeholder={t('composer.placeholder')}
          aria-describedby={props.reopensOnSend ? 'composer-reopens composer-hint' : 'composer-hint'}
          value={text()}
          onInput={(event) => {
            setText(event.currentTarget.value)
            fitHeight()
            if (event.currentTarget.value.trim()) notifyTyping()
          }}
          onKeyDown={onKeyDown}
          onPaste={(event) => {
            const files = filesOf(event.clipboardData)
            if (!files) return
            event.preventDefault()
            uploads.add(files)
          }}
        />
        <button
          type="submit"
          class="send-button"
          classList={{ 'send-button-idle': !canSend() }}
          aria-label={t('composer.send')}
          title={t('composer.send')}
        >
          <SendIcon size={20} />
        </button>
      </div>
      <p id="composer-hint" class="sr-only">
        {t('composer.hint')}
      </p>
    </form>
  )
}
