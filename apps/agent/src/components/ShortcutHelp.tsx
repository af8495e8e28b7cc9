import { Dialog } from '@kobalte/core/dialog'
import { createSignal, For } from 'solid-js'
import { t } from '../i18n/index.ts'
import { SHORTCUTS, useShortcut } from '../lib/shortcuts.ts'

/** "?" (or the sidebar's button): every shortcut in one list. */
export function ShortcutHelp() {
  const [open, setOpen] = createSignal(false)
  useShortcut('?', () => setOpen(true))
  return (
    <Dialog open={open()} onOpenChange={setOpen}>
      {/* A compact "?" in the sidebar; its name is the dialog's title. */}
      <Dialog.Trigger
        class="button button--ghost button--small shortcut-help-button"
        aria-label={t('shortcuts.title')}
        title={`${t('shortcuts.title')} (?)`}
        aria-keyshortcuts="?"
      >
        ?
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay class="dialog-overlay" />
        <div class="dialog-positioner">
          <Dialog.Content class="dialog">
            <Dialog.Title class="dialog-title">{t('shortcuts.title')}</Dialog.Title>
            <Dialog.Description class="dialog-description">{t('shortcuts.description')}</Dialog.Description>
            <dl class="shortcut-list">
              <For each={SHORTCUTS}>
                {(shortcut) => (
                  <div class="shortcut-row">
                    <dt>
                      <For each={shortcut.keys}>{(key) => <kbd>{key}</kbd>}</For>
                    </dt>
                    <dd>{t(shortcut.label)}</dd>
                  </div>
                )}
              </For>
            </dl>
            <div class="dialog-actions">
              <Dialog.CloseButton class="button" aria-label={t('shortcuts.closeHelp')}>
                {t('shortcuts.closeHelp')}
              </Dialog.CloseButton>
            </div>
          </Dialog.Content>
        </div>
      </Dialog.Portal>
    </Dialog>
  )
}
