import { describe, expect, it } from 'vitest'
import { renderMarkdown } from './render-markdown.ts'

const linkAttrs = 'target="_blank" rel="noopener noreferrer nofollow"'

const allowedTags = new Set([
  'p',
  'br',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'a',
  'ul',
  'ol',
  'li',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'input',
])
const allowedAttributes = new Set([
  'href',
  'title',
  'target',
  'rel',
  'class',
  'type',
  'checked',
  'disabled',
  'start',
  'align',
])

/** Every element and attribute in the output, as a browser would see them. */
function elements(html: string) {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/g)].map(
    (match) => ({
      tag: match[1]!.toLowerCase(),
      attributes: [...(match[2] ?? '').matchAll(/([^\s=]+)(?:="([^"]*)")?/g)].map((attr) => ({
        name: attr[1]!.toLowerCase(),
        value: attr[2] ?? '',
      })),
    }),
  )
}

function decodeAttribute(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

function expectSafe(html: string) {
  expect(html).not.toMatch(
    /<\s*(script|img|iframe|svg|style|object|embed|math|form|textarea|base|meta|link)\b/i,
  )
  for (const element of elements(html)) {
    expect(allowedTags, `<${element.tag}> in ${html}`).toContain(element.tag)
    for (const attribute of element.attributes) {
      expect(allowedAttributes, `${attribute.name} on <${element.tag}> in ${html}`).toContain(attribute.name)
      if (attribute.name === 'href')
        expect(decodeAttribute(attribute.value)).toMatch(/^(https?:\/\/|mailto:)/)
    }
    if (element.tag === 'input') {
      expect(element.attributes.map((a) => a.name)).toContain('disabled')
    }
  }
}

describe('formatting', () => {
  it('renders bold, italic and strikethrough', () => {
    expect(renderMarkdown('**bold** and *italic* and _also_ and ~~gone~~')).toBe(
      '<p><strong>bold</strong> and <em>italic</em> and <em>also</em> and <del>gone</del></p>\n',
    )
  })

  it('keeps single line breaks as the customer typed them', () => {
    expect(renderMarkdown('Hello\nthere')).toBe('<p>Hello<br>there</p>\n')
  })

  it('separates paragraphs on blank lines', () => {
    expect(renderMarkdown('one\n\ntwo')).toBe('<p>one</p>\n<p>two</p>\n')
  })

  it('renders inline code with its content escaped', () => {
    expect(renderMarkdown('run `a < b && c`')).toBe('<p>run <code>a &lt; b &amp;&amp; c</code></p>\n')
  })

  it('renders fenced code blocks with their content escaped', () => {
    const html = renderMarkdown('```html\n<script>alert(1)</script>\n```')
    expect(html).toBe(
      '<pre><code class="language-html">&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n',
    )
  })

  it('renders lists and quotes', () => {
    expect(renderMarkdown('- one\n- two')).toBe('<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n')
    expect(renderMarkdown('1. one\n2. two')).toBe('<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n')
    expect(renderMarkdown('> quoted')).toBe('<blockquote>\n<p>quoted</p>\n</blockquote>\n')
  })

  it('shows backslash-escaped markup literally', () => {
    expect(renderMarkdown('\\*not italic\\*')).toBe('<p>*not italic*</p>\n')
  })

  it('renders an empty message as nothing', () => {
    expect(renderMarkdown('')).toBe('')
  })
})

describe('links', () => {
  it('renders a Markdown link that opens in a new tab without referrer', () => {
    expect(renderMarkdown('[our docs](https://example.com/docs)')).toBe(
      `<p><a href="https://example.com/docs" ${linkAttrs}>our docs</a></p>\n`,
    )
  })

  it('keeps a link title', () => {
    expect(renderMarkdown('[docs](https://example.com "Read me")')).toBe(
      `<p><a href="https://example.com/" title="Read me" ${linkAttrs}>docs</a></p>\n`,
    )
  })

  it('renders formatting inside the link text', () => {
    expect(renderMarkdown('[**bold** docs](https://example.com)')).toBe(
      `<p><a href="https://example.com/" ${linkAttrs}><strong>bold</strong> docs</a></p>\n`,
    )
  })

  it('auto-links bare URLs', () => {
    expect(renderMarkdown('see https://example.com/a?b=1&c=2 now')).toBe(
      `<p>see <a href="https://example.com/a?b=1&amp;c=2" ${linkAttrs}>https://example.com/a?b=1&amp;c=2</a> now</p>\n`,
    )
  })

  it('auto-links www. addresses over http', () => {
    expect(renderMarkdown('go to www.example.com')).toBe(
      `<p>go to <a href="http://www.example.com/" ${linkAttrs}>www.example.com</a></p>\n`,
    )
  })

  it('auto-links email addresses as mailto links', () => {
    expect(renderMarkdown('write to help@example.com please')).toBe(
      `<p>write to <a href="mailto:help@example.com" ${linkAttrs}>help@example.com</a> please</p>\n`,
    )
  })

  it('keeps explicit mailto links', () => {
    expect(renderMarkdown('[mail us](mailto:help@example.com)')).toBe(
      `<p><a href="mailto:help@example.com" ${linkAttrs}>mail us</a></p>\n`,
    )
  })

  it('auto-links URLs in angle brackets', () => {
    expect(renderMarkdown('<https://example.com>')).toBe(
      `<p><a href="https://example.com/" ${linkAttrs}>https://example.com</a></p>\n`,
    )
  })

  it('resolves reference-style links', () => {
    expect(renderMarkdown('[docs][1]\n\n[1]: https://example.com/docs')).toBe(
      `<p><a href="https://example.com/docs" ${linkAttrs}>docs</a></p>\n`,
    )
  })

  it('drops links without a scheme to their text, because relative links mean nothing in an email', () => {
    expect(renderMarkdown('[home](/settings)')).toBe('<p>home</p>\n')
    expect(renderMarkdown('[top](#top)')).toBe('<p>top</p>\n')
  })

  it('drops links with other schemes to their text', () => {
    expect(renderMarkdown('[file](file:///etc/passwd)')).toBe('<p>file</p>\n')
    expect(renderMarkdown('[ftp](ftp://example.com/x)')).toBe('<p>ftp</p>\n')
    expect(renderMarkdown('[call](tel:+4912345)')).toBe('<p>call</p>\n')
  })
})

describe('images', () => {
  it('renders an image as a link labelled with its alt text, never loading it', () => {
    expect(renderMarkdown('![the error](https://example.com/shot.png)')).toBe(
      `<p><a href="https://example.com/shot.png" ${linkAttrs}>the error</a></p>\n`,
    )
  })

  it('labels an image without alt text with its URL', () => {
    expect(renderMarkdown('![](https://example.com/shot.png)')).toBe(
      `<p><a href="https://example.com/shot.png" ${linkAttrs}>https://example.com/shot.png</a></p>\n`,
    )
  })

  it('renders an image with an unsafe URL as its alt text only', () => {
    expect(renderMarkdown('![pic](javascript:alert(1))')).toBe('<p>pic</p>\n')
    expect(renderMarkdown('![pic](data:image/svg+xml;base64,PHN2Zz4=)')).toBe('<p>pic</p>\n')
  })

  it('escapes markup in the alt text', () => {
    const html = renderMarkdown('![<img src=x onerror=alert(1)>](https://example.com/a.png)')
    expectSafe(html)
    expect(html).toContain('&lt;img')
  })
})

describe('raw HTML is shown, never run', () => {
  it('escapes a script block', () => {
    expect(renderMarkdown('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n')
  })

  it('escapes an image with an onerror handler', () => {
    expect(renderMarkdown('<img src=x onerror="alert(1)">')).toBe(
      '<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>\n',
    )
  })

  it('escapes inline tags but still renders the Markdown around them', () => {
    expect(renderMarkdown('a <b>tag</b> and **bold**')).toBe(
      '<p>a &lt;b&gt;tag&lt;/b&gt; and <strong>bold</strong></p>\n',
    )
  })

  it('escapes an HTML anchor with a javascript: href', () => {
    const html = renderMarkdown('<a href="javascript:alert(1)">click</a>')
    expect(html).toBe('<p>&lt;a href=&quot;javascript:alert(1)&quot;&gt;click&lt;/a&gt;</p>\n')
  })

  it('escapes HTML blocks, comments and CDATA', () => {
    for (const source of [
      '<div onclick="alert(1)">\nhi\n</div>',
      '<!-- <script>alert(1)</script> -->',
      '<![CDATA[<script>alert(1)</script>]]>',
      '<?php echo 1 ?>',
      '<!DOCTYPE html>',
    ]) {
      const html = renderMarkdown(source)
      expectSafe(html)
      expect(elements(html).map((e) => e.tag)).not.toContain('div')
    }
  })

  it('escapes tags hidden inside link text and emphasis', () => {
    for (const source of [
      '[<img src=x onerror=alert(1)>](https://example.com)',
      '**<script>alert(1)</script>**',
      '*<svg onload=alert(1)>*',
      '- <iframe src="https://evil.example"></iframe>',
      '| a |\n| - |\n| <script>alert(1)</script> |',
    ]) {
      expectSafe(renderMarkdown(source))
    }
  })

  it('keeps entities the customer typed as text', () => {
    expect(renderMarkdown('5 &lt; 6 &amp; &copy;')).toBe('<p>5 &lt; 6 &amp; &copy;</p>\n')
  })
})

describe('XSS through links', () => {
  const attacks: [string, string][] = [
    ['javascript: scheme', '[x](javascript:alert(1))'],
    ['upper-case scheme', '[x](JAVASCRIPT:alert(1))'],
    ['mixed-case scheme', '[x](JaVaScRiPt:alert(1))'],
    ['decimal entity', '[x](&#106;avascript:alert(1))'],
    ['padded decimal entity', '[x](&#0000106;avascript:alert(1))'],
    ['hex entity', '[x](&#x6A;avascript:alert(1))'],
    ['entity without semicolon', '[x](&#106avascript:alert(1))'],
    ['encoded colon', '[x](javascript&#58;alert(1))'],
    ['named colon entity', '[x](javascript&colon;alert(1))'],
    ['tab inside the scheme', '[x](java\tscript:alert(1))'],
    ['encoded tab inside the scheme', '[x](java&#9;script:alert(1))'],
    ['encoded newline inside the scheme', '[x](java&#10;script:alert(1))'],
    ['leading control character', '[x](\u0001javascript:alert(1))'],
    ['angle-bracket destination', '[x](<javascript:alert(1)>)'],
    ['vbscript: scheme', '[x](vbscript:msgbox(1))'],
    ['data: URL', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['data: URL with html', '[x](data:text/html,<script>alert(1)</script>)'],
    ['reference definition', '[x][evil]\n\n[evil]: javascript:alert(1)'],
    ['autolink in angle brackets', '<javascript:alert(1)>'],
    ['autolink upper-case', '<JAVASCRIPT:alert(1)>'],
    ['bare javascript: text', 'javascript:alert(1)'],
    ['title breaking out of the attribute', '[x](https://example.com "a\\" onmouseover=\\"alert(1)")'],
    ['quote inside the URL', '[x](https://example.com/"onmouseover="alert(1))'],
    ['image with javascript: URL', '![x](javascript:alert(1))'],
  ]

  for (const [name, source] of attacks) {
    it(`neutralises a ${name}`, () => {
      const html = renderMarkdown(source)
      expectSafe(html)
      expect(html.toLowerCase()).not.toMatch(/href="[^"]*(javascript|vbscript|data):/)
    })
  }

  it('renders a refused link as its text', () => {
    expect(renderMarkdown('[click me](javascript:alert(1))')).toBe('<p>click me</p>\n')
    expect(renderMarkdown('[click me](JAVASCRIPT:alert(1))')).toBe('<p>click me</p>\n')
    expect(renderMarkdown('[click me](&#106;avascript:alert(1))')).toBe('<p>click me</p>\n')
  })

  it('renders an autolinked javascript: URL as plain text', () => {
    expect(renderMarkdown('<javascript:alert(1)>')).toBe('<p>javascript:alert(1)</p>\n')
  })

  it('keeps the quote of a hostile title inside the attribute', () => {
    const html = renderMarkdown('[x](https://example.com "a\\" onmouseover=\\"alert(1)")')
    expect(html).toBe(
      `<p><a href="https://example.com/" title="a&quot; onmouseover=&quot;alert(1)" ${linkAttrs}>x</a></p>\n`,
    )
  })

  it('percent-encodes a quote inside the URL', () => {
    const html = renderMarkdown('[x](https://example.com/"onmouseover="alert(1))')
    expect(html).not.toContain('"onmouseover')
  })

  it('decodes entities in a safe URL the way a browser would', () => {
    expect(renderMarkdown('[x](https://example.com/?a=1&amp;b=2)')).toBe(
      `<p><a href="https://example.com/?a=1&amp;b=2" ${linkAttrs}>x</a></p>\n`,
    )
  })
})

describe('messages built to break the renderer', () => {
  it.each([
    ['quotes', '> '.repeat(5_000)],
    ['numbered lists', '1. '.repeat(3_333)],
  ])('a message nested thousands of %s deep is shown as its text, escaped', (_, deep) => {
    const html = renderMarkdown(`${deep}<b>end</b>`)
    expect(html.startsWith('<p>&gt; ') || html.startsWith('<p>1. ')).toBe(true)
    expect(html).toContain('&lt;b&gt;end&lt;/b&gt;')
    expect(html).not.toContain('<b>')
  })
})
