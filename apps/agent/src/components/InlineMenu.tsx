import { createEffect, createSignal, For, type JSX, on, Show } from 'solid-js'
import '../styles/text-blocks.css'

/**
 * A menu typed into the message box: `/` for text blocks, `@` for colleagues. The textarea keeps focus; it
 * points at the highlighted option with `aria-activedescendant`, and the composer passes its arrow keys,
 * Enter, Tab and Escape here first.
 */
export function createInlineMenu<T>(options: {
  /** The ids of the listbox and its options. */
  id: string
  label: () => string
  /** What was typed after the trigger, or null when the menu is not asked for. */
  query: () => string | null
  /** The items for a query (already narrowed and cut to size), or undefined while loading. */
  items: (query: string) => readonly T[] | undefined
  insert: (item: T) => void
  render: (item: T) => JSX.Element
  empty: () => string
  hint?: () => string
}) {
  const [dismissed, setDismissed] = createSignal<string | null>(null)
  const [active, setActive] = createSignal(0)
  const openQuery = () => {
    const query = options.query()
    return query !== null && dismissed() !== query ? query : null
  }
  // A new search starts at its best match.
  createEffect(on(openQuery, () => setActive(0)))
  const loaded = () => {
    const query = openQuery()
    return query === null ? undefined : options.items(query)
  }
  const found = () => loaded() ?? []
  const isOpen = () => loaded() !== undefined
  const activeIndex = () => Math.min(active(), Math.max(0, found().length - 1))
  const optionId = (index: number) => `${options.id}-${index}`

  /** Handles a key for the menu; true when it did (the composer then does nothing else with it). */
  const onKeyDown = (event: KeyboardEvent): boolean => {
    if (!isOpen() || event.isComposing) return false
    if (event.key === 'Escape') {
      event.preventDefault()
      setDismissed(openQuery())
      return true
    }
    const count = found().length
    if (count === 0) return false
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      setActive((activeIndex() + (event.key === 'ArrowDown' ? 1 : count - 1)) % count)
      return true
    }
    if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
      event.preventDefault()
      const item = found()[activeIndex()]
      if (item !== undefined) options.insert(item)
      return true
    }
    return false
  }

  const listed = () => isOpen() && found().length > 0
  /** For the textarea's `aria-controls` and `aria-activedescendant` while the menu lists something. */
  const controls = () => (listed() ? options.id : undefined)
  const activeDescendant = () => (listed() ? optionId(activeIndex()) : undefined)

  const Menu = () => (
    <Show when={isOpen()}>
      <div class="slash-menu">
        <Show when={found().length > 0} fallback={<p class="slash-menu-empty">{options.empty()}</p>}>
          <div id={options.id} role="listbox" aria-label={options.label()}>
            <For each={found()}>
              {(item, index) => (
                <div
                  id={optionId(index())}
                  role="option"
                  // The textarea keeps focus (aria-activedescendant); the option is reachable by the arrows.
                  tabIndex={-1}
                  class="slash-menu-option"
                  aria-selected={index() === activeIndex()}
                  // A click must not take focus from the textarea, which the insertion writes into.
                  onMouseDown={(event) => event.preventDefault()}
                  onMouseEnter={() => setActive(index())}
                  onClick={() => options.insert(item)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') options.insert(item)
                  }}
                >
                  {options.render(item)}
                </div>
              )}
            </For>
          </div>
        </Show>
        <Show when={options.hint}>
          {(hint) => (
            <p class="slash-menu-hint" aria-hidden="true">
              {hint()()}
            </p>
          )}
        </Show>
      </div>
    </Show>
  )

  return { onKeyDown, controls, activeDescendant, Menu }
}
