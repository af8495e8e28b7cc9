const allowedProtocols = new Set(['http:', 'https:', 'mailto:'])

const namedEntities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  colon: ':',
  sol: '/',
  period: '.',
  lpar: '(',
  rpar: ')',
  tab: '\t',
  newline: '\n',
  nbsp: '\u00a0',
}

/**
 * Browsers decode character references in attribute values before they parse the URL, so a scheme
 * can hide behind `&#106;avascript:`. Decoding first means we judge the URL the browser would follow.
 */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);?/g, (match, ref: string) => {
    if (ref.startsWith('#')) {
      const hex = ref[1] === 'x' || ref[1] === 'X'
      const code = Number.parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10)
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd'
    }
    return namedEntities[ref.toLowerCase()] ?? match
  })
}

/**
 * The canonical form of `url` if a reader may follow it (http, https, mailto), otherwise null.
 * Relative URLs are refused: messages are read in apps and emails with different bases.
 */
export function safeUrl(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(decodeEntities(url).trim())
  } catch {
    return null
  }
  return allowedProtocols.has(parsed.protocol) ? parsed.href : null
}
