import type { TokenizerAndRendererExtension, Tokens } from 'marked'
import { escapeHtml } from './escape-html.ts'
import { safeUrl } from './safe-url.ts'

/**
 * `[[URL | title]]`: the link the composer's "Send knowledge base link" inserts. The title is shown as
 * typed (escaped, never parsed as Markdown), and only an http(s) URL becomes a link: anything else is
 * left as its title text, like any other unsafe link.
 */
const KB_LINK = /^\[\[[ \t]*([^\s|\]]+)[ \t]*\|[ \t]*((?:(?!\]\])[^\n])*?)[ \t]*\]\]/

export interface KbLinkToken extends Tokens.Generic {
  type: 'kbLink'
  raw: string
  /** Canonical http(s) URL, or null when the URL may not be followed. */
  href: string | null
  title: string
}

export const kbLinkExtension: TokenizerAndRendererExtension = {
  name: 'kbLink',
  level: 'inline',
  start: (src) => {
    const index = src.indexOf('[[')
    return index < 0 ? undefined : index
  },
  tokenizer(src) {
    const match = KB_LINK.exec(src)
    if (!match) return undefined
    const url = match[1] ?? ''
    const parsed = safeUrl(url)
    const href = parsed && /^https?:/.test(parsed) ? parsed : null
    const title = match[2] ?? ''
    return { type: 'kbLink', raw: match[0], href, title: title || (href ? '' : url) }
  },
  renderer(token) {
    const { href, title } = token as KbLinkToken
    const label = escapeHtml(title || href || '')
    if (!href) return label
    return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer nofollow">${label}</a>`
  },
}
