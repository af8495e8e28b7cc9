/**
 * What counts as text, for everything a person types (messages, names, titles). One home, used by the
 * API's input validation and by the message rules, so what is acknowledged is exactly what is stored.
 */

/** Control characters no text needs: C0 except tab and line feed, DEL, and C1 (NUL among them). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g
/** Directional overrides and isolates: in a name they reverse what follows ("Bob\u202Eevil" shows as "Boblive"). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g
/** Characters that show nothing: a message of only these is as empty as one of spaces. */
const INVISIBLE = /[\s\u200B-\u200D\u2060\uFEFF\u00AD\u180E]/g
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * A lone surrogate is half an emoji: no encoding can store it, so the database would keep U+FFFD
 * instead of what was acknowledged. Such text is refused rather than silently changed.
 */
export function hasBrokenCharacters(text: string): boolean {
  return LONE_SURROGATE.test(text)
}

export const BROKEN_TEXT_MESSAGE = 'This text contains a broken character (half of an emoji or symbol).'

/** Multi-line text (a message): Windows and old Mac line breaks become \n, control characters go. */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROLS, '')
}

/** A single line a person is known by or a thing is titled: no controls, no bidi tricks, one line. */
export function cleanLine(text: string): string {
  return cleanText(text).replace(BIDI_CONTROLS, '').replace(/\s+/g, ' ').trim()
}

/** True when nothing would be seen: only whitespace and invisible characters. */
export function isBlank(text: string): boolean {
  return text.replace(INVISIBLE, '').length === 0
}
