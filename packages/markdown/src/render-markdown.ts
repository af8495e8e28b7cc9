import { Marked, type Tokens } from 'marked'
import { escapeHtml } from './escape-html.ts'
import { kbLinkExtension } from './kb-link.ts'
import { decodeEntities, safeUrl } from './safe-url.ts'

export { escapeHtml }

function anchor(href: string, label: string, title?: string | null): string {
  const titleAttr = title ? ` title="${escapeHtml(title)}"` : ''
  return `<a href="${escapeHtml(href)}"${titleAttr} target="_blank" rel="noopener noreferrer nofollow">${label}</a>`
}

export const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  extensions: [kbLinkExtension],
  // Returning undefined (not false) means "no match" without falling back to marked's own
  // tokenizer: raw HTML is then lexed as ordinary text and escaped like any other character.
  tokenizer: {
    html: () => undefined,
    tag: () => undefined,
  },
  renderer: {
    // Defence in depth: nothing should produce an html token any more, but if one does it is shown, not run.
    html: ({ text }) => escapeHtml(text),
    link({ href, title, tokens }: Tokens.Link) {
      const label = this.parser.parseInline(tokens)
      const url = safeUrl(href)
      return url ? anchor(url, label, title) : label
    },
    // Messages never load remote images (tracking pixels, layout breakage); the reader gets a link instead.
    image({ href, title, text }: Tokens.Image) {
      const url = safeUrl(href)
      const alt = escapeHtml(decodeEntities(text))
      return url ? anchor(url, alt || escapeHtml(url), title) : alt
    },
  },
})

/**
 * Markdown (GFM, single newlines kept as line breaks) to HTML that is safe for `innerHTML`:
 * raw HTML is escaped, only http/https/mailto links survive, bare URLs and email addresses are
 * linked, links open in a new tab without referrer or opener, images become links.
 */
export function renderMarkdown(source: string): string {
  try {
    return marked.parse(source, { async: false })
  } catch {
    // marked recurses once per level of nesting: thousands of "> " or "1. " in a row exhaust the stack.
    // Such a message is shown as the text it is, rather than breaking the thread it is in.
    return `<p>${escapeHtml(source).replace(/\r?\n/g, '<br>')}</p>`
  }
}
