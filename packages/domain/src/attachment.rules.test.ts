import { describe, expect, it } from 'vitest'
import {
  ALLOWED_ATTACHMENT_TYPES,
  attachmentKind,
  attachmentVisibility,
  canAttach,
  checkAttachment,
  containsPageMarkup,
  looksLikeText,
  MAX_ATTACHMENT_BYTES,
} from './attachment.rules.ts'
import { validateMessageBody } from './message.rules.ts'
import type { Result } from './result.ts'

const MB = 1024 * 1024
const bytes = (...values: number[]) => Uint8Array.from(values)
const utf8 = (text: string) => new TextEncoder().encode(text)

function outcome(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.error.code
}

/** Rule 10's list, as DESIGN.md names it. */
const designList =
  'AAC AVI DOCX FLAC GIF JPEG M4A MKV MP3 MP4 ODT OGG OPUS PDF PNG PPT PPTX MOV TXT VORBIS WAV WEBM WMV XLS XLSX'

/** What a content sniffer reports → the type the user sees. */
const recognised: [string, string][] = [
  ['aac', 'AAC'],
  ['avi', 'AVI'],
  ['docx', 'DOCX'],
  ['flac', 'FLAC'],
  ['gif', 'GIF'],
  ['jpg', 'JPEG'],
  ['m4a', 'M4A'],
  ['mkv', 'MKV'],
  ['mp3', 'MP3'],
  ['mp4', 'MP4'],
  ['odt', 'ODT'],
  ['ogg', 'OGG'],
  ['oga', 'OGG'],
  ['opus', 'OPUS'],
  ['pdf', 'PDF'],
  ['png', 'PNG'],
  ['ppt', 'PPT'],
  ['pptx', 'PPTX'],
  ['mov', 'MOV'],
  ['txt', 'TXT'],
  ['vorbis', 'VORBIS'],
  ['wav', 'WAV'],
  ['webm', 'WEBM'],
  ['wmv', 'WMV'],
  ['asf', 'WMV'],
  ['xls', 'XLS'],
  ['xlsx', 'XLSX'],
]

describe('attachment size (checkAttachment)', () => {
  it('allows at most 10 MB', () => {
    expect(MAX_ATTACHMENT_BYTES).toBe(10 * MB)
  })

  it('accepts a file of exactly 10 MB', () => {
    expect(checkAttachment({ detectedExtension: 'pdf', size: 10 * MB })).toEqual({
      ok: true,
      value: { type: 'PDF' },
    })
  })

  it('refuses a file one byte over 10 MB (ATTACHMENT_TOO_LARGE)', () => {
    expect(checkAttachment({ detectedExtension: 'pdf', size: 10 * MB + 1 })).toEqual({
      ok: false,
      error: { code: 'ATTACHMENT_TOO_LARGE', message: 'Attachments can be at most 10 MB.' },
    })
  })

  it('tells about the size first when a file is both too large and of an unknown type', () => {
    expect(outcome(checkAttachment({ detectedExtension: null, size: 11 * MB }))).toBe('ATTACHMENT_TOO_LARGE')
  })

  it('accepts an empty text file', () => {
    expect(checkAttachment({ detectedExtension: 'txt', size: 0 }).ok).toBe(true)
  })
})

describe('attachment type, recognised by content (checkAttachment)', () => {
  it.each(recognised)('accepts content recognised as "%s" as %s', (detectedExtension, type) => {
    expect(checkAttachment({ detectedExtension, size: 1024 })).toEqual({ ok: true, value: { type } })
  })

  it('accepts exactly the types DESIGN.md lists', () => {
    expect(new Set(recognised.map(([, type]) => type))).toEqual(new Set(designList.split(' ')))
  })

  it.each([
    ['an executable', 'exe'],
    ['a zip archive', 'zip'],
    ['an SVG image', 'svg'],
    ['a web page', 'html'],
    ['an old Word document', 'doc'],
    ['an empty detection', ''],
    ['an inherited object key', 'constructor'],
    ['another inherited object key', 'toString'],
    ['the prototype key', '__proto__'],
  ])('refuses %s (ATTACHMENT_TYPE)', (_, detectedExtension) => {
    expect(checkAttachment({ detectedExtension, size: 1024 })).toEqual({
      ok: false,
      error: {
        code: 'ATTACHMENT_TYPE',
        message: `This file type is not allowed. Allowed are ${designList.split(' ').join(', ')}.`,
      },
    })
  })

  it('refuses content that nothing recognised (ATTACHMENT_TYPE)', () => {
    expect(outcome(checkAttachment({ detectedExtension: null, size: 1024 }))).toBe('ATTACHMENT_TYPE')
  })
})

describe('plain text without magic bytes (looksLikeText)', () => {
  it.each([
    ['plain ASCII', utf8('Order 1001 did not arrive.')],
    ['German umlauts and an emoji', utf8('Grüße aus Köln 👋')],
    ['tabs, line feeds and Windows line endings', utf8('a\tb\nc\r\nd\f')],
    ['a UTF-8 byte order mark', bytes(0xef, 0xbb, 0xbf, 0x68, 0x69)],
    ['an empty file', bytes()],
  ])('recognises %s as text', (_, content) => {
    expect(looksLikeText(content)).toBe(true)
  })

  it.each([
    ['a PNG header', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)],
    ['a NUL byte inside text', utf8('hello\u0000world')],
    ['an escape sequence', utf8('\u001b[31mred')],
    ['a DEL character', utf8('abc\u007f')],
    ['a vertical tab', utf8('a\u000bb')],
    ['an invalid UTF-8 byte', bytes(0x68, 0x69, 0xff)],
    ['a truncated UTF-8 sequence', bytes(0x47, 0x72, 0xc3)],
    ['Latin-1 encoded text', bytes(0x47, 0x72, 0xfc, 0xdf, 0x65)],
  ])('does not take %s for text', (_, content) => {
    expect(looksLikeText(content)).toBe(false)
  })
})

describe('who may download an attachment (attachmentVisibility)', () => {
  it.each(['public', 'internal'] as const)('an attachment of a %s message is %s too', (visibility) => {
    expect(attachmentVisibility({ visibility })).toBe(visibility)
  })
})

describe('a configured limit (checkAttachment with UPLOAD_MAX_BYTES)', () => {
  it('refuses above it and says the limit', () => {
    expect(checkAttachment({ detectedExtension: 'pdf', size: 2 * MB + 1 }, 2 * MB)).toEqual({
      ok: false,
      error: { code: 'ATTACHMENT_TOO_LARGE', message: 'Attachments can be at most 2 MB.' },
    })
    expect(checkAttachment({ detectedExtension: 'pdf', size: 2 * MB }, 2 * MB).ok).toBe(true)
  })

  it('names exactly the design’s types in the refusal', () => {
    expect([...ALLOWED_ATTACHMENT_TYPES].sort()).toEqual(designList.split(' ').sort())
  })
})

describe('web pages hidden in files (containsPageMarkup)', () => {
  it.each([
    ['an HTML page', '<!DOCTYPE html><html><body>hi</body></html>'],
    ['an SVG image', '<svg xmlns="http://www.w3.org/2000/svg"></svg>'],
    ['a script tag in upper case', 'GIF89a....<SCRIPT>alert(1)</SCRIPT>'],
    ['an iframe', 'PNG...<iframe src="https://evil.example">'],
  ])('finds %s', (_, text) => {
    expect(containsPageMarkup(utf8(text))).toBe(true)
  })

  it.each([
    ['a log line with angle brackets', 'if a < b and b > c then <3'],
    ['an email address in brackets', 'From: Anna <anna@example.com>'],
    ['a word that starts like a tag', '<scripted> replies and <htmlish> words'],
  ])('leaves %s alone', (_, text) => {
    expect(containsPageMarkup(utf8(text))).toBe(false)
  })

  it('refuses a picture or text with a page inside, but not a PDF that mentions one', () => {
    expect(checkAttachment({ detectedExtension: 'gif', size: 100, pageMarkup: true }).ok).toBe(false)
    expect(checkAttachment({ detectedExtension: 'txt', size: 100, pageMarkup: true }).ok).toBe(false)
    // Served as a download with nosniff, a PDF is never read as a page.
    expect(checkAttachment({ detectedExtension: 'pdf', size: 100, pageMarkup: true }).ok).toBe(true)
  })
})

describe('how a file is shown (attachmentKind)', () => {
  it.each([
    ['PNG', 'image'],
    ['JPEG', 'image'],
    ['MP3', 'audio'],
    ['WEBM', 'video'],
    ['PDF', 'document'],
    ['TXT', 'document'],
    ['XLSX', 'document'],
  ])('%s is shown as %s', (type, kind) => {
    expect(attachmentKind(type)).toBe(kind)
  })

  it('a voice message in a WebM container is sound, and a voice flag makes no picture or PDF a sound', () => {
    expect(attachmentKind('WEBM', { voice: true })).toBe('audio')
    expect(attachmentKind('OGG', { voice: true })).toBe('audio')
    expect(attachmentKind('PNG', { voice: true })).toBe('image')
    expect(attachmentKind('PDF', { voice: true })).toBe('document')
  })
})

describe('whose upload goes into a message (canAttach)', () => {
  const upload = { conversationId: 'c1', uploader: { kind: 'customer' as const, id: 'contact-1' } }

  it('the uploader, in the conversation it was uploaded for', () => {
    expect(canAttach(upload, { kind: 'customer', id: 'contact-1' }, 'c1').ok).toBe(true)
  })

  it.each([
    ['another customer', { kind: 'customer' as const, id: 'contact-2' }, 'c1'],
    ['an agent with the same id', { kind: 'agent' as const, id: 'contact-1' }, 'c1'],
    ['the uploader, in another conversation', { kind: 'customer' as const, id: 'contact-1' }, 'c2'],
  ])('not %s (ATTACHMENT_UNAVAILABLE)', (_, sender, conversationId) => {
    expect(outcome(canAttach(upload, sender, conversationId))).toBe('ATTACHMENT_UNAVAILABLE')
  })
})

describe('a message of files only (validateMessageBody with attachments)', () => {
  it('may leave the words out when it carries a file', () => {
    expect(validateMessageBody('  ', { attachments: 1 })).toEqual({ ok: true, value: '' })
  })

  it('still needs words without files, and carries at most ten files', () => {
    expect(outcome(validateMessageBody('  '))).toBe('EMPTY_MESSAGE')
    expect(outcome(validateMessageBody('hi', { attachments: 11 }))).toBe('TOO_MANY_ATTACHMENTS')
    expect(validateMessageBody('hi', { attachments: 10 }).ok).toBe(true)
  })
})
