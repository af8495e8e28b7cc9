import {
  AttachButton,
  createUploads,
  filesOf,
  type Recording,
  type UploadItem,
  UploadTray,
  VoiceRecorder,
} from '@parley/attachments'
import {
  BoldIcon,
  CheckIcon,
  ItalicIcon,
  LinkIcon,
  LockIcon,
  MicIcon,
  PaperclipIcon,
  SendIcon,
  UserPlusIcon,
} from '@parley/ui'
import { useAction } from '@solidjs/router'
import { createEffect, createSignal, For, Match, on, Show, Switch } from 'solid-js'
import { acceptOffer, assignToMe, sendMessage } from '../data/conversation.data.ts'
import type { ThreadStore } from '../data/conversation-thread.store.ts'
import { fillTextBlock } from '../data/text-block.data.ts'
import { attachmentText, locale, t, tIsolated } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'
import { newClientId } from '../lib/format.ts'
import { useMe } from '../lib/me.context.ts'
import {
  type AgentDTO,
  api,
  type ConversationDTO,
  type ReplyRefusal,
  type TextBlockDTO,
} from '../lib/trpc.client.ts'
import { KnowledgeBaseLinkPicker } from './KnowledgeBaseLinkPicker.tsx'
import { createMentionMenu, mentionQuery } from './MentionMenu.tsx'
import { createSlashMenu, TextBlockPicker } from './TextBlockPicker.tsx'

export type ComposerMode = 'reply' | 'note'

/** Others see "… is typing" for a few seconds per signal; one every 2 s keeps it alive without chatter. */
const TYPING_INTERVAL_MS = 2_000

export function ConversationComposer(props: {
  conversation: ConversationDTO
  /** Why the server refuses this agent a reply (rule 2), or null when it takes one. */
  replyRefusal: ReplyRefusal
  mode: ComposerMode
  onModeChange: (mode: ComposerMode) => void
  thread: ThreadStore
  /** In a conversation between agents: who is in it (a colleague named with `@` is asked in). */
  participantIds?: readonly string[]
}) {
  const me = useMe()
  const send = useAction(sendMessage)
  const takeOver = useAction(assignToMe)
  const [text, setText] = createSignal('')
  const [error, setError] = createSignal<unknown>()
  const [assigning, setAssigning] = createSignal(false)
  let textarea: HTMLTextAreaElement | undefined
  /** Files chosen for the next message, uploading as soon as they are picked, dropped or pasted. */
  const uploads = createUploads({
    conversationId: () => props.conversation.id,
    failedText: () => t('attachments.failed'),
  })
  // Files were uploaded for one conversation: opening another starts with an empty tray.
  createEffect(
    on(
      () => props.conversation.id,
      () => uploads.clear(),
      { defer: true },
    ),
  )
  const [dragging, setDragging] = createSignal(false)
  const canSend = () => (text().trim() !== '' || uploads.ready().length > 0) && !uploads.busy()

  /**
   * Why Reply mode cannot show a textarea (rule 2), or null when it can: the server's code, told apart only
   * where the words differ (nobody assigned, or a colleague). Another refusal keeps the textarea and is
   * shown on send.
   */
  const replyBlock = ():
    | 'unassigned'
    | 'assigned-to-other'
    | 'ticket-closed'
    | 'offered-to-me'
    | 'offered-to-others'
    | null => {
    if (props.mode === 'note' || props.replyRefusal === null) return null
    if (props.replyRefusal === 'TICKET_CLOSED') return 'ticket-closed'
    if (props.replyRefusal === 'OFFER_PENDING')
      return props.conversation.offer === 'mine' ? 'offered-to-me' : 'offered-to-others'
    if (props.replyRefusal === 'NOT_ASSIGNED')
      return props.conversation.assignee ? 'assigned-to-other' : 'unassigned'
    return null
  }

  // One signal per TYPING_INTERVAL_MS while the kind stays the same; switching from a note to a reply
  // tells the customer at once, not after a pause.
  let lastSignal: { visibility: 'public' | 'internal'; at: number } | null = null
  const notifyTyping = (visibility: 'public' | 'internal') => {
    const at = Date.now()
    if (lastSignal?.visibility === visibility && at - lastSignal.at < TYPING_INTERVAL_MS) return
    lastSignal = { visibility, at }
    api.conversation.typing.mutate({ conversationId: props.conversation.id, visibility }).catch(() => {})
  }

  const onInput = (value: string) => {
    setText(value)
    if (value.trim()) notifyTyping(props.mode === 'note' ? 'internal' : 'public')
  }

  /**
   * Traffic Cop: replies and notes colleagues wrote since this agent opened the thread, or last sent or
   * reviewed. A send into that is held until they look, or choose to send anyway. The customer writing
   * more is what live chat is; it holds nothing.
   */
  const seenNow = () => new Set(props.thread.messages.map((message) => message.key))
  let seen = seenNow()
  const unseenActivity = () =>
    props.thread.messages.filter(
      (message) => !seen.has(message.key) && message.authorKind === 'agent' && message.author?.id !== me().id,
    )
  /** The held send: `voice` when it was a recording. */
  const [held, setHeld] = createSignal<{ voice?: UploadItem } | null>(null)
  let reviewButton: HTMLButtonElement | undefined

  const review = () => {
    const [first] = unseenActivity()
    seen = seenNow()
    setHeld(null)
    const element =
      first && document.querySelector<HTMLElement>(`.message[data-key="${CSS.escape(first.key)}"]`)
    element?.scrollIntoView({ block: 'center' })
    textarea?.focus()
  }

  /** Sends what is typed and attached; or, with `voice`, that recording alone (the text stays a draft). */
  const submit = async (voice?: UploadItem, options: { anyway?: boolean } = {}) => {
    const body = voice ? '' : text().trim()
    if ((!voice && !canSend()) || replyBlock()) return
    if (!options.anyway && unseenActivity().length > 0) {
      setHeld({ voice })
      queueMicrotask(() => reviewButton?.focus())
      return
    }
    setHeld(null)
    seen = seenNow()
    const taken = uploads.take(voice ? [voice] : undefined)
    const attachments = taken.flatMap((item) => item.attachment() ?? [])
    const mode = props.mode
    const conversationId = props.conversation.id
    const clientId = newClientId()
    props.thread.addPending({
      id: clientId,
      conversationId,
      clientId,
      authorKind: 'agent',
      author: { id: me().id, name: me().name },
      visibility: mode === 'note' ? 'internal' : 'public',
      kind: 'text',
      body,
      system: null,
      attachments,
      createdAt: new Date(),
    })
    if (!voice) setText('')
    setError(undefined)
    try {
      props.thread.merge([
        await send({
          conversationId,
          clientId,
          body,
          mode,
          attachmentIds: attachments.map((attachment) => attachment.id),
        }),
      ])
    } catch (caught) {
      props.thread.dropPending(clientId)
      uploads.restore(taken)
      // Nothing typed is lost: the refused text comes back, ahead of anything typed since.
      if (!voice) setText((current) => (current.trim() ? `${body}\n${current}` : body))
      setError(caught)
    }
  }

  /** Released (or "Send voice message"): the recording uploads and goes out on its own. */
  const sendRecording = async ({ file, durationMs }: Recording) => {
    const [item] = uploads.add([file], { voice: true, durationMs })
    // A refusal or a broken connection stays in the tray with its reason.
    if (item && (await item.done)) await submit(item)
  }

  /** "Assign to me", or accepting an offer (rule 6): the reply box comes with it, the cursor in it. */
  const takeIt = (how: (conversationId: string) => Promise<unknown>) => async () => {
    setAssigning(true)
    setError(undefined)
    try {
      await how(props.conversation.id)
      queueMicrotask(() => textarea?.focus())
    } catch (caught) {
      setError(caught)
    } finally {
      setAssigning(false)
    }
  }
  const assignMe = takeIt(takeOver)
  const accept = takeIt(useAction(acceptOffer))

  /** The way past a refused reply that needs nobody's permission: a note, with the cursor in its box. */
  const writeNote = () => {
    props.onModeChange('note')
    queueMicrotask(() => textarea?.focus())
  }

  const noteInstead = () => (
    <button type="button" class="button" onClick={writeNote}>
      <LockIcon />
      <span>{t('composer.noteInstead')}</span>
    </button>
  )

  /** Wraps the selection (or an empty spot at the caret) in Markdown and selects what to type next. */
  const wrapSelection = (before: string, after: string, selectOffset?: { from: number; to: number }) => {
    const el = textarea
    if (!el) return
    const { selectionStart: start, selectionEnd: end, value } = el
    const selected = value.slice(start, end)
    const next = value.slice(0, start) + before + selected + after + value.slice(end)
    el.value = next
    onInput(next)
    el.focus()
    const innerStart = start + before.length
    if (selectOffset) {
      const base = innerStart + selected.length
      el.setSelectionRange(base + selectOffset.from, base + selectOffset.to)
    } else {
      el.setSelectionRange(innerStart, innerStart + selected.length)
    }
  }

  const formatting = [
    { label: () => t('composer.bold'), icon: BoldIcon, key: 'b', apply: () => wrapSelection('**', '**') },
    { label: () => t('composer.italic'), icon: ItalicIcon, key: 'i', apply: () => wrapSelection('*', '*') },
    // The selection becomes the link text; "url" is left selected so typing replaces it.
    {
      label: () => t('composer.link'),
      icon: LinkIcon,
      key: 'k',
      apply: () => wrapSelection('[', '](url)', { from: 2, to: 5 }),
    },
  ]

  /**
   * Puts a text block, its variables filled in for this conversation, in place of `range` and leaves the
   * caret after it: the agent reads and adapts it before sending.
   */
  const insertTextBlock = async (block: TextBlockDTO, range: { start: number; end: number }) => {
    setError(undefined)
    try {
      const body = await fillTextBlock(block.id, props.conversation.id)
      const el = textarea
      if (!el) return null
      const next = el.value.slice(0, range.start) + body + el.value.slice(range.end)
      el.value = next
      onInput(next)
      const caret = range.start + body.length
      el.focus()
      el.setSelectionRange(caret, caret)
      return { caret }
    } catch (caught) {
      setError(caught)
      return null
    }
  }

  /**
   * Typing `@` names a colleague: `@Name` alerts them. In a conversation between agents it also asks them
   * in (rule 8), so that they can read what they are named in.
   */
  const [caret, setCaret] = createSignal(0)
  const followCaret = () => setCaret(textarea?.selectionStart ?? 0)
  const mentionMenu = createMentionMenu({
    query: () => mentionQuery(text(), caret()),
    exceptId: () => me().id,
    insert: (agent) => void mention(agent),
  })
  const mention = async (agent: AgentDTO) => {
    const el = textarea
    const typed = mentionQuery(text(), caret())
    if (!el || typed === null) return
    const start = caret() - typed.length - 1
    const written = `@${agent.name} `
    const next = el.value.slice(0, start) + written + el.value.slice(caret())
    el.value = next
    onInput(next)
    const at = start + written.length
    el.focus()
    el.setSelectionRange(at, at)
    setCaret(at)
    const participants = props.participantIds ?? []
    if (props.conversation.kind === 'internal' && !participants.includes(agent.id)) {
      try {
        await api.internal.addParticipant.mutate({
          conversationId: props.conversation.id,
          participant: { kind: 'agent', id: agent.id },
        })
      } catch (caught) {
        setError(caught)
      }
    }
  }

  /** Typing `/` at the start of an otherwise empty message searches the text blocks inline. */
  const slashMenu = createSlashMenu({
    query: () => /^\/([^\n]{0,60})$/.exec(text())?.[1] ?? null,
    insert: (block) => void insertTextBlock(block, { start: 0, end: text().length }),
  })

  /** Ctrl+B, I, K (Cmd on a Mac), as in every editor: the same as the buttons. */
  const applyShortcut = (event: KeyboardEvent): boolean => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return false
    const tool = formatting.find((candidate) => candidate.key === event.key.toLowerCase())
    if (!tool) return false
    event.preventDefault()
    tool.apply()
    return true
  }

  return (
    <section class="composer" classList={{ 'composer--note': props.mode === 'note' }}>
      <div class="composer-top">
        <fieldset class="segmented composer-modes" aria-label={t('composer.mode')}>
          <button
            type="button"
            class="segmented-button"
            aria-pressed={props.mode === 'reply'}
            onClick={() => props.onModeChange('reply')}
          >
            {t('composer.reply')}
          </button>
          <button
            type="button"
            class="segmented-button segmented-button--note"
            aria-pressed={props.mode === 'note'}
            onClick={() => props.onModeChange('note')}
          >
            <LockIcon />
            {t('composer.note')}
          </button>
        </fieldset>
        <Show when={props.mode === 'note'}>
          <span class="composer-hint">{t('composer.noteHint')}</span>
        </Show>
      </div>
      <Switch
        fallback={
          <form
            class="composer-form"
            classList={{ 'composer-form--dragging': dragging() }}
            onSubmit={(event) => {
              event.preventDefault()
              void submit()
            }}
            onDragOver={(event) => {
              if (!event.dataTransfer?.types.includes('Files')) return
              event.preventDefault()
              setDragging(true)
            }}
            onDragLeave={(event) => {
              if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false)
            }}
            onDrop={(event) => {
              setDragging(false)
              const files = filesOf(event.dataTransfer)
              if (!files) return
              event.preventDefault()
              uploads.add(files)
            }}
          >
            <UploadTray uploads={uploads} text={attachmentText} locale={locale()} />
            <slashMenu.Menu />
            <mentionMenu.Menu />
            <textarea
              ref={textarea}
              class="composer-input"
              aria-label={t('composer.message')}
              placeholder={
                props.mode === 'note' ? t('composer.placeholderNote') : t('composer.placeholderReply')
              }
              rows={3}
              aria-controls={slashMenu.controls() ?? mentionMenu.controls()}
              aria-activedescendant={slashMenu.activeDescendant() ?? mentionMenu.activeDescendant()}
              value={text()}
              onInput={(event) => {
                onInput(event.currentTarget.value)
                followCaret()
              }}
              onKeyUp={followCaret}
              onClick={followCaret}
              onPaste={(event) => {
                // A pasted screenshot or file is attached; pasted text goes in as text.
                const files = filesOf(event.clipboardData)
                if (!files) return
                event.preventDefault()
                uploads.add(files)
              }}
              onKeyDown={(event) => {
                if (slashMenu.onKeyDown(event) || mentionMenu.onKeyDown(event) || applyShortcut(event)) return
                // Esc leaves the message box (the draft stays), so j, k, a, c work again.
                if (event.key === 'Escape') {
                  event.currentTarget.blur()
                  return
                }
                if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
                  event.preventDefault()
                  void submit()
                }
              }}
            />
            <div class="composer-bar">
              <fieldset class="composer-tools" aria-label={t('composer.formatting')}>
                <For each={formatting}>
                  {(tool) => (
                    <button
                      type="button"
                      class="icon-button"
                      aria-label={tool.label()}
                      aria-keyshortcuts={`Control+${tool.key.toUpperCase()} Meta+${tool.key.toUpperCase()}`}
                      title={`${tool.label()} (Ctrl+${tool.key.toUpperCase()})`}
                      // Keep the caret and selection in the textarea.
                      onMouseDown={(event) => event.preventDefault()}
                      onClick={() => tool.apply()}
                    >
                      <tool.icon />
                    </button>
                  )}
                </For>
                <AttachButton uploads={uploads} label={t('attachments.attach')} class="icon-button">
                  <PaperclipIcon />
                </AttachButton>
                <VoiceRecorder onRecorded={sendRecording} text={attachmentText} class="icon-button">
                  <MicIcon />
                </VoiceRecorder>
                <TextBlockPicker textarea={() => textarea} insert={insertTextBlock} />
                <KnowledgeBaseLinkPicker textarea={() => textarea} onInput={onInput} />
              </fieldset>
              <button
                type="submit"
                class="button"
                classList={{
                  'button--primary': props.mode === 'reply',
                  'button--note': props.mode === 'note',
                }}
                disabled={!canSend()}
                title={uploads.busy() ? t('attachments.waitForUploads') : undefined}
              >
                <SendIcon />
                <span>{t('composer.send')}</span>
              </button>
            </div>
          </form>
        }
      >
        <Match when={replyBlock() === 'unassigned'}>
          <div class="composer-notice">
            <p>{t('composer.assignFirst')}</p>
            <div class="composer-notice-actions">
              <button type="button" class="button button--primary" disabled={assigning()} onClick={assignMe}>
                <UserPlusIcon />
                <span>{t('actions.assignToMe')}</span>
              </button>
              {noteInstead()}
            </div>
          </div>
        </Match>
        <Match when={replyBlock() === 'assigned-to-other'}>
          <div class="composer-notice">
            <p>{tIsolated('composer.assignedToOther', { name: props.conversation.assignee?.name ?? '' })}</p>
            {noteInstead()}
          </div>
        </Match>
        {/* Rule 6: until someone accepts the offer, nobody replies; the offered accept right here. */}
        <Match when={replyBlock() === 'offered-to-me'}>
          <div class="composer-notice">
            <p>{t('composer.offeredToYou')}</p>
            <div class="composer-notice-actions">
              <button type="button" class="button button--primary" disabled={assigning()} onClick={accept}>
                <CheckIcon />
                <span>{t('actions.accept')}</span>
              </button>
              {noteInstead()}
            </div>
          </div>
        </Match>
        <Match when={replyBlock() === 'offered-to-others'}>
          <div class="composer-notice">
            <p>{t('composer.offeredToOthers')}</p>
            {noteInstead()}
          </div>
        </Match>
        <Match when={replyBlock() === 'ticket-closed'}>
          <div class="composer-notice">
            <p>{t('composer.ticketClosed')}</p>
            {noteInstead()}
          </div>
        </Match>
      </Switch>
      <Show when={held()}>
        {(send) => (
          <div class="traffic-cop" role="alert" aria-labelledby="traffic-cop-title">
            <p id="traffic-cop-title" class="traffic-cop-title">
              {t('trafficCop.title')}
            </p>
            <p>{t('trafficCop.body')}</p>
            <div class="composer-notice-actions">
              <button type="button" class="button button--primary" ref={reviewButton} onClick={review}>
                {t('trafficCop.review')}
              </button>
              <button
                type="button"
                class="button"
                onClick={() => void submit(send().voice, { anyway: true })}
              >
                {t('trafficCop.sendAnyway')}
              </button>
            </div>
          </div>
        )}
      </Show>
      <Show when={error()}>
        <p class="composer-error" role="alert">
          {errorMessage(error())}
        </p>
      </Show>
    </section>
  )
}
