import { action, json, query } from '@solidjs/router'
import { api, type TextBlockDTO } from '../lib/trpc.client.ts'

export interface TextBlockFields {
  title: string
  body: string
}

/** The shared blocks and this agent's own (at most a couple of hundred): searched here, as one types. */
export const getTextBlocks = query(() => api.textBlocks.list.query({}), 'textBlocks.list')

/** The same test as the server's `textBlocks.list` search: title or text contain what is typed. */
export function matchesTextBlock(block: TextBlockDTO, search: string): boolean {
  const wanted = search.trim().toLocaleLowerCase()
  return !wanted || `${block.title}\n${block.body}`.toLocaleLowerCase().includes(wanted)
}

/** The block's text with `{{contact.name}}` and the rest filled in for this conversation. */
export const fillTextBlock = (id: string, conversationId: string) =>
  api.textBlocks.fill.query({ id, conversationId }).then((filled) => filled.body)

const changed = { revalidate: [getTextBlocks.key] }

export const createTextBlock = action(
  async (fields: TextBlockFields & { shared: boolean }) =>
    json(await api.textBlocks.create.mutate(fields), changed),
  'textBlocks.create',
)
export const changeTextBlock = action(
  async (id: string, fields: TextBlockFields) =>
    json(await api.textBlocks.change.mutate({ id, ...fields }), changed),
  'textBlocks.change',
)
export const removeTextBlock = action(
  async (id: string) => json(await api.textBlocks.remove.mutate({ id }), changed),
  'textBlocks.remove',
)
