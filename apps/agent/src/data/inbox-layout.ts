import { createContext, createSignal, useContext } from 'solid-js'
import { api } from '../lib/trpc.client.ts'

export interface InboxLayout {
  listWidth: number
  enlarged: boolean
}

/** The divider's range in pixels; the server keeps whatever the agent chose within its own bounds. */
export const LIST_WIDTH = { min: 240, max: 560, default: 360, step: 16 }

/** A drag sends one save when it stops, not one per pixel. */
const SAVE_AFTER_MS = 400

export function clampListWidth(width: number): number {
  return Math.round(Math.min(LIST_WIDTH.max, Math.max(LIST_WIDTH.min, width)))
}

/**
 * The inbox's arrangement — the list's width and whether the conversation is enlarged to the full width —
 * starting from what the agent chose last (stored on the server, so it follows them to other browsers).
 */
export function createInboxLayout(initial: InboxLayout | null) {
  const [layout, setLayout] = createSignal<InboxLayout>({
    listWidth: clampListWidth(initial?.listWidth ?? LIST_WIDTH.default),
    enlarged: initial?.enlarged ?? false,
  })
  let timer: ReturnType<typeof setTimeout> | undefined
  const save = () => {
    clearTimeout(timer)
    void api.auth.setLayout.mutate(layout()).catch(() => {})
  }
  return {
    layout,
    setListWidth: (width: number) => {
      setLayout((current) => ({ ...current, listWidth: clampListWidth(width) }))
      clearTimeout(timer)
      timer = setTimeout(save, SAVE_AFTER_MS)
    },
    toggleEnlarged: () => {
      setLayout((current) => ({ ...current, enlarged: !current.enlarged }))
      save()
    },
    dispose: () => clearTimeout(timer),
  }
}

export type InboxLayoutControls = ReturnType<typeof createInboxLayout>

/** Offered by the inbox to the conversation inside it (the header's enlarge/reduce button). */
export const InboxLayoutContext = createContext<InboxLayoutControls>()

export const useInboxLayout = () => useContext(InboxLayoutContext)
