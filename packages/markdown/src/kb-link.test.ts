import { describe, expect, it } from 'vitest'
import { toPlainText } from './plain-text.ts'
import { renderMarkdown } from './render-markdown.ts'

const linkAttrs = 'target="_blank" rel="noopener noreferrer nofollow"'

describe('knowledge base links [[URL | title]]', () => {
  it('render as a link labelled with the title', () => {
    expect(renderMarkdown('See [[https://help.example.com/kb/returns | How returns work]] please')).toBe(
      `<p>See <a href="https://help.example.com/kb/returns" ${linkAttrs}>How returns work</a> please</p>\n`,
    )
  })

  it('take the edited title as the link text, spaces around the bar optional', () => {
    expect(renderMarkdown('[[http://localhost:3000/kb/a-b|Read this first]]')).toBe(
      `<p><a href="http://localhost:3000/kb/a-b" ${linkAttrs}>Read this first</a></p>\n`,
    )
  })

  it('show the URL when the title is empty', () => {
    expect(renderMarkdown('[[https://example.com/kb/x | ]]')).toBe(
      `<p><a href="https://example.com/kb/x" ${linkAttrs}>https://example.com/kb/x</a></p>\n`,
    )
  })

  it('escape markup in the title instead of running or formatting it', () => {
    const html = renderMarkdown('[[https://example.com/kb/x | <img src=x onerror=alert(1)> **b**]]')
    expect(html).toBe(
      `<p><a href="https://example.com/kb/x" ${linkAttrs}>&lt;img src=x onerror=alert(1)&gt; **b**</a></p>\n`,
    )
  })

  it('cannot break out of the href with quotes', () => {
    const html = renderMarkdown('[[https://example.com/"onmouseover="alert(1) | x]]')
    expect(html).not.toContain('" onmouseover')
    expect(html).not.toMatch(/href="[^"]*"onmouseover/)
  })

  it.each([
    ['[[javascript:alert(1) | x]]', '<p>x</p>\n'],
    ['[[JaVaScRiPt:alert(1) | x]]', '<p>x</p>\n'],
    ['[[&#106;avascript:alert(1) | x]]', '<p>x</p>\n'],
    ['[[data:text/html,<script>alert(1)</script> | x]]', '<p>x</p>\n'],
    ['[[mailto:a@example.com | x]]', '<p>x</p>\n'],
    ['[[/kb/relative | x]]', '<p>x</p>\n'],
  ])('render %s as text only, never a link', (source, expected) => {
    expect(renderMarkdown(source)).toBe(expected)
  })

  it('leave an unsafe URL without a title as escaped text', () => {
    expect(renderMarkdown('[[javascript:alert(1)|]]')).toBe('<p>javascript:alert(1)</p>\n')
  })

  it('leave text that only looks similar as it is', () => {
    expect(renderMarkdown('[[not a link]]')).toBe('<p>[[not a link]]</p>\n')
    expect(renderMarkdown('[[https://example.com | no end')).toContain('[[')
  })

  it('read as their title in previews and notifications', () => {
    expect(toPlainText('Try [[https://example.com/kb/returns | How returns work]].')).toBe(
      'Try How returns work.',
    )
    expect(toPlainText('[[javascript:alert(1) | x]]')).toBe('x')
  })
})
