import { describe, expect, it } from 'vitest'
import { toPlainText } from './plain-text.ts'

describe('toPlainText', () => {
  it('strips emphasis, strikethrough and code markers', () => {
    expect(toPlainText('**bold**, *italic*, ~~gone~~ and `code`')).toBe('bold, italic, gone and code')
  })

  it('keeps line breaks and separates paragraphs with a blank line', () => {
    expect(toPlainText('Hello\nthere\n\nBye')).toBe('Hello\nthere\n\nBye')
  })

  it('keeps the target of a link next to its label', () => {
    expect(toPlainText('see [the docs](https://example.com/docs)')).toBe(
      'see the docs (https://example.com/docs)',
    )
  })

  it('does not repeat an auto-linked URL or email address', () => {
    expect(toPlainText('see https://example.com/docs or help@example.com')).toBe(
      'see https://example.com/docs or help@example.com',
    )
  })

  it('drops the target of an unsafe link', () => {
    expect(toPlainText('[click](javascript:alert(1))')).toBe('click')
  })

  it('turns images into their alt text and URL', () => {
    expect(toPlainText('![screenshot](https://example.com/a.png)')).toBe(
      'screenshot (https://example.com/a.png)',
    )
  })

  it('keeps raw HTML as the text the customer typed', () => {
    expect(toPlainText('a <b>tag</b>')).toBe('a <b>tag</b>')
  })

  it('decodes entities', () => {
    expect(toPlainText('Tom &amp; Jerry &lt;3')).toBe('Tom & Jerry <3')
  })

  it('shows escaped characters without their backslash', () => {
    expect(toPlainText('\\*not italic\\*')).toBe('*not italic*')
  })

  it('renders lists with markers', () => {
    expect(toPlainText('- one\n- **two**\n\n3. three\n4. four')).toBe('- one\n- two\n\n3. three\n4. four')
  })

  it('renders task lists with their boxes', () => {
    expect(toPlainText('- [x] done\n- [ ] open')).toBe('- [x] done\n- [ ] open')
  })

  it('keeps code blocks as they are', () => {
    expect(toPlainText('```\nif (a < b) {}\n```')).toBe('if (a < b) {}')
  })

  it('drops heading markers and quote markers', () => {
    expect(toPlainText('# Title\n\n> quoted')).toBe('Title\n\nquoted')
  })

  it('returns an empty string for an empty message', () => {
    expect(toPlainText('   ')).toBe('')
  })

  it.each([
    ['quotes', '> '.repeat(5_000)],
    ['numbered lists', '1. '.repeat(3_333)],
  ])('gives back the text of a message nested thousands of %s deep, instead of failing', (_, deep) => {
    expect(toPlainText(`${deep}end`)).toBe(`${deep}end`.trim())
  })
})
