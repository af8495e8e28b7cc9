import { onCleanup } from 'solid-js'

/**
 * Single-key shortcuts, as in Gmail or Front: they act only while no text field has the focus and no
 * dialog is open, and never with Ctrl, Cmd or Alt (those belong to the browser and the composer). Each
 * page registers what it can do while it is shown; the shell listens and shows the list on "?".
 */
const handlers = new Map<string, () => void>()

/** The shortcuts in the help overlay, in the order shown. */
export const SHORTCUTS = [
  { keys: ['j'], label: 'shortcuts.next' },
  { keys: ['k'], label: 'shortcuts.previous' },
  { keys: ['r'], label: 'shortcuts.reply' },
  { keys: ['n'], label: 'shortcuts.note' },
  { keys: ['Enter'], label: 'shortcuts.send' },
  { keys: ['Esc'], label: 'shortcuts.leaveComposer' },
  { keys: ['/'], label: 'shortcuts.search' },
  { keys: ['a'], label: 'shortcuts.assignToMe' },
  { keys: ['c'], label: 'shortcuts.close' },
  { keys: ['?'], label: 'shortcuts.help' },
] as const

/** While the calling component lives, `key` runs `run` (a later registration of the same key wins). */
export function useShortcut(key: string, run: () => void): void {
  handlers.set(key, run)
  onCleanup(() => {
    if (handlers.get(key) === run) handlers.delete(key)
  })
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

/** The document-wide listener; returns what removes it. */
export function listenForShortcuts(): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return
    if (isTyping(event.target)) return
    if (document.querySelector('[role="dialog"], [role="alertdialog"], dialog[open], [role="menu"]')) return
    const run = handlers.get(event.key)
    if (!run) return
    event.preventDefault()
    run()
  }
  document.addEventListener('keydown', onKeyDown)
  return () => document.removeEventListener('keydown', onKeyDown)
}
