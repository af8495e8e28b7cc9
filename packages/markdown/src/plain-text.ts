import type { Token, Tokens } from 'marked'
import type { KbLinkToken } from './kb-link.ts'
import { marked } from './render-markdown.ts'
import { decodeEntities, safeUrl } from './safe-url.ts'

function linkText(label: string, href: string): string {
  const url = safeUrl(href)
  if (!url || label === href || url === `mailto:${label}` || url.replace(/\/$/, '') === label) return label
  return label ? `${label} (${url})` : url
}

function inline(tokens: Token[] | undefined): string {
  return (tokens ?? []).map(inlineToken).join('')
}

function inlineToken(token: Token): string {
  switch (token.type) {
    case 'text':
      return token.tokens ? inline(token.tokens) : decodeEntities(token.text)
    case 'escape':
    case 'codespan':
    case 'html':
      return token.text
    case 'br':
      return '\n'
    case 'link':
      return linkText(inline(token.tokens), (token as Tokens.Link).href)
    case 'kbLink': {
      // A knowledge-base link reads as its title: the URL is noise in a preview or notification.
      const link = token as KbLinkToken
      return link.title || (link.href ?? '')
    }
    case 'image':
      return linkText(decodeEntities(token.text), (token as Tokens.Image).href)
    default:
      return 'tokens' in token && token.tokens ? inline(token.tokens) : decodeEntities(token.raw)
  }
}

function blocks(tokens: Token[]): string {
  return tokens
    .map(block)
    .filter((text) => text !== '')
    .join('\n\n')
}

function block(token: Token): string {
  switch (token.type) {
    case 'space':
    case 'def':
    case 'hr':
      return ''
    case 'code':
      return token.text
    case 'list': {
      const list = token as Tokens.List
      const first = typeof list.start === 'number' ? list.start : 1
      return list.items
        .map((item, index) => {
          const marker = list.ordered ? `${first + index}. ` : '- '
          const task = item.task ? (item.checked ? '[x] ' : '[ ] ') : ''
          const content = item.tokens.filter((child) => child.type !== 'checkbox')
          return marker + task + blocks(content).replace(/\n+/g, '\n  ')
        })
        .join('\n')
    }
    case 'table': {
      const table = token as Tokens.Table
      const row = (cells: Tokens.TableCell[]) => cells.map((cell) => inline(cell.tokens)).join(' | ')
      return [row(table.header), ...table.rows.map(row)].join('\n')
    }
    case 'blockquote':
      return blocks(token.tokens ?? [])
    default:
      return 'tokens' in token && token.tokens ? inline(token.tokens) : decodeEntities(token.raw).trim()
  }
}

/**
 * The words of a Markdown message without its markup, for previews, notifications and plain-text
 * emails. Links keep their target in brackets when it differs from the label. The result is text,
 * not HTML: escape it before putting it into markup.
 */
export function toPlainText(source: string): string {
  try {
    return blocks(marked.lexer(source)).trim()
  } catch {
    // Nested thousands of levels deep (see renderMarkdown): the source is the best plain text there is.
    return source.trim()
  }
}
