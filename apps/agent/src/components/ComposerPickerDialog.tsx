import { Dialog } from '@kobalte/core/dialog'
import { SearchIcon } from '@parley/ui'
import type { JSX } from 'solid-js'
import { Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { errorMessage } from '../lib/errors.ts'
import '../styles/kb.css'

/**
 * A composer tool that opens a searchable list in a dialog ("Insert text block", "Send knowledge base
 * link"): the icon button, the search field whose Enter takes the best match, the list, Cancel, and
 * the way back into the message once something was put there.
 */
export function ComposerPickerDialog(props: {
  open: boolean
  onOpenChange: (open: boolean) => void
  /** The button's accessible name, also its tooltip. */
  label: string
  shortcutHint?: string
  icon: () => JSX.Element
  title: string
  description: string
  searchLabel: string
  searchPlaceholder: string
  search: string
  onSearch: (value: string) => void
  /** Enter in the search field: take the best match. */
  onEnter: () => void
  error: unknown
  /** The list, or what to say when it is empty. */
  children: JSX.Element
  actions?: JSX.Element
  /** Called as the dialog closes: put focus and caret back in the message (after the dialog's own focus). */
  restoreFocus: () => void
}) {
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange}>
      <Dialog.Trigger
        class="icon-button"
        aria-label={props.label}
        title={props.shortcutHint ? `${props.label} (${props.shortcutHint})` : props.label}
        // Keep the caret and selection in the textarea.
        onMouseDown={(event: MouseEvent) => event.preventDefault()}
      >
        {props.icon()}
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay class="dialog-overlay" />
        <div class="dialog-positioner">
          <Dialog.Content
            class="dialog"
            onCloseAutoFocus={() => {
              // A modal dialog focuses its trigger right after this handler whatever it does, so the
              // textarea takes focus just after.
              setTimeout(props.restoreFocus, 0)
            }}
          >
            <Dialog.Title class="dialog-title">{props.title}</Dialog.Title>
            <Dialog.Description class="dialog-description">{props.description}</Dialog.Description>
            <div class="form">
              <label class="search">
                <SearchIcon />
                <input
                  type="search"
                  aria-label={props.searchLabel}
                  placeholder={props.searchPlaceholder}
                  value={props.search}
                  onInput={(event) => props.onSearch(event.currentTarget.value)}
                  onKeyDown={(event) => {
                    // Enter takes the best match, so a known entry is a few keystrokes away.
                    if (event.key !== 'Enter' || event.isComposing) return
                    event.preventDefault()
                    props.onEnter()
                  }}
                />
              </label>
              <Show when={props.error}>
                <p class="form-error" role="alert">
                  {errorMessage(props.error)}
                </p>
              </Show>
              {props.children}
              <div class="dialog-actions">
                {props.actions}
                <Dialog.CloseButton class="button button--ghost" aria-label={t('kb.pickerCancel')}>
                  {t('kb.pickerCancel')}
                </Dialog.CloseButton>
              </div>
            </div>
          </Dialog.Content>
        </div>
      </Dialog.Portal>
    </Dialog>
  )
}
