import { fail, ok, type Result } from './result.ts'
import type { Visibility } from './visibility.rules.ts'

/** Rule 10: at most 10 MB each. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

/**
 * Rule 10's allowed types, keyed by the extension a content sniffer (magic bytes, e.g. `file-type`)
 * reports — never by the uploaded name. Vorbis and Opus arrive in an Ogg container.
 */
const allowedByDetectedExtension: Record<string, string> = {
  aac: 'AAC',
  avi: 'AVI',
  docx: 'DOCX',
  flac: 'FLAC',
  gif: 'GIF',
  jpg: 'JPEG',
  m4a: 'M4A',
  mkv: 'MKV',
  mp3: 'MP3',
  mp4: 'MP4',
  odt: 'ODT',
  ogg: 'OGG',
  oga: 'OGG',
  opus: 'OPUS',
  pdf: 'PDF',
  png: 'PNG',
  ppt: 'PPT',
  pptx: 'PPTX',
  mov: 'MOV',
  txt: 'TXT',
  vorbis: 'VORBIS',
  wav: 'WAV',
  webm: 'WEBM',
  wmv: 'WMV',
  asf: 'WMV',
  xls: 'XLS',
  xlsx: 'XLSX',
}

export interface AttachmentFacts {
  /** What the content sniffer recognised, or `txt` for valid text (see `looksLikeText`), or null. */
  detectedExtension: string | null
  size: number
}

export function checkAttachment(file: AttachmentFacts): Result<{ type: string }> {
  if (file.size > MAX_ATTACHMENT_BYTES) {
    return fail('ATTACHMENT_TOO_LARGE', 'Attachments can be at most 10 MB.')
  }
  const ext = file.detectedExtension
  // Own keys only: an inherited name such as `constructor` is not an allowed type.
  const type =
    ext && Object.hasOwn(allowedByDetectedExtension, ext) ? allowedByDetectedExtension[ext] : undefined
  if (!type) return fail('ATTACHMENT_TYPE', 'This file type is not supported.')
  return ok({ type })
}

/** Text has no magic bytes: accept valid UTF-8 without control characters other than whitespace. */
export function looksLikeText(bytes: Uint8Array): boolean {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return false
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)
}

/** Rule 10: an attachment is seen exactly by those who see its message. */
export function attachmentVisibility(message: { visibility: Visibility }): Visibility {
  return message.visibility
}
