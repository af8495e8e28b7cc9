import { createResource } from 'solid-js'
import { getAgents } from '../data/agents.data.ts'
import { t } from '../i18n/index.ts'
import type { AgentDTO } from '../lib/trpc.client.ts'
import { createInlineMenu } from './InlineMenu.tsx'

/** How many colleagues the `@` menu offers at once; typing narrows it. */
const MENTION_MENU_SIZE = 8

/** `@` and what follows it right before the caret, at the start or after a space: the name being typed. */
const MENTION_BEFORE_CARET = /(?:^|\s)@([\p{L}\p{N}_.'-]{0,30})$/u

/** What is being typed after `@` before the caret, or null when no mention is being typed. */
export function mentionQuery(text: string, caret: number): string | null {
  return MENTION_BEFORE_CARET.exec(text.slice(0, caret))?.[1] ?? null
}

/** A colleague whose name, from one of its words on, starts with what was typed ("we" finds Anna Weber). */
function matchesName(agent: AgentDTO, query: string): boolean {
  const typed = query.toLocaleLowerCase()
  const words = agent.name.toLocaleLowerCase().split(/\s+/)
  return words.some((_, index) => words.slice(index).join(' ').startsWith(typed))
}

/**
 * Typing `@` in the message box (issue 9, part 5): colleagues by name, the chosen one written as
 * `@Name`, which alerts them (alert.rules.ts); active agents only.
 */
export function createMentionMenu(options: {
  query: () => string | null
  insert: (agent: AgentDTO) => void
  exceptId: () => string
}) {
  const [agents] = createResource(
    () => options.query() !== null || undefined,
    () => getAgents(),
  )
  return createInlineMenu<AgentDTO>({
    id: 'mention-agents',
    label: () => t('mention.listLabel'),
    query: options.query,
    items: (query) =>
      agents.state === 'ready'
        ? (agents.latest ?? [])
            .filter((agent) => agent.id !== options.exceptId() && matchesName(agent, query))
            .slice(0, MENTION_MENU_SIZE)
        : undefined,
    insert: options.insert,
    render: (agent) => <bdi>{agent.name}</bdi>,
    empty: () => t('mention.noMatch'),
  })
}
