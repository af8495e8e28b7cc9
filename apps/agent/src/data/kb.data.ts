import { action, query, revalidate } from '@solidjs/router'
import { api } from '../lib/trpc.client.ts'

export interface ArticleFields {
  title: string
  slug: string
  category: string
  body: string
}

export const getArticles = query((search: string) => api.kb.list.query(search ? { search } : {}), 'kb.list')

export const getArticle = query((id: string) => api.kb.get.query({ id }), 'kb.get')

/** After any change the list and the article are read again: another agent may have changed them too. */
const refreshed = async <T>(result: Promise<T>): Promise<T> => {
  const value = await result
  void revalidate([getArticles.key, getArticle.key])
  return value
}

export const createArticle = action(
  (fields: ArticleFields) => refreshed(api.kb.create.mutate(fields)),
  'kb.create',
)
export const changeArticle = action(
  (id: string, version: number, fields: ArticleFields) =>
    refreshed(api.kb.change.mutate({ id, version, ...fields })),
  'kb.change',
)
export const publishArticle = action((id: string) => refreshed(api.kb.publish.mutate({ id })), 'kb.publish')
export const unpublishArticle = action(
  (id: string) => refreshed(api.kb.unpublish.mutate({ id })),
  'kb.unpublish',
)
export const removeArticle = action((id: string) => refreshed(api.kb.remove.mutate({ id })), 'kb.remove')
