import { fail, ok, type Result } from './result.ts'
import type { Visibility } from './visibility.rules.ts'

/** Rule 10: at most 10 MB each (UPLOAD_MAX_BYTES may set another limit). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

/** How many files one message can carry. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 10

/** Rule 10's list, in the words the refusal uses. */
export const ALLOWED_ATTACHMENT_TYPES = [
  'AAC',
  'AVI',
  'DOCX',
  'FLAC',
  'GIF',
  'JPEG',
  'M4A',
  'MKV',
  'MP3',
  'MP4',
  'ODT',
  'OGG',
  'OPUS',
  'PDF',
  'PNG',
  'PPT',
  'PPTX',
  'MOV',
  'TXT',
  'VORBIS',
  'WAV',
  'WEBM',
  'WMV',
  'XLS',
  'XLSX',
] as const

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
  /** Whether the content carries web-page markup (see `containsPageMarkup`); absent means it does not. */
  pageMarkup?: boolean
}

/** Types a browser may read as a page when it guesses: they must not smuggle one in (a polyglot). */
const sniffable = new Set(['TXT', 'GIF', 'JPEG', 'PNG'])

const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`

export function checkAttachment(
  file: AttachmentFacts,
  maxBytes: number = MAX_ATTACHMENT_BYTES,
): Result<{ type: string }> {
  if (file.size > maxBytes) {
    return fail('ATTACHMENT_TOO_LARGE', `Attachments can be at most ${megabytes(maxBytes)}.`)
  }
  const ext = file.detectedExtension
  // Own keys only: an inherited name such as `constructor` is not an allowed type.
  const type =
    ext && Object.hasOwn(allowedByDetectedExtension, ext) ? allowedByDetectedExtension[ext] : undefined
  if (!type || (file.pageMarkup && sniffable.has(type))) {
    return fail(
      'ATTACHMENT_TYPE',
      `This file type is not allowed. Allowed are ${ALLOWED_ATTACHMENT_TYPES.join(', ')}.`,
    )
  }
  return ok({ type })
}

/** How a file is shown: a picture, a player, or a card to download. */
export type AttachmentKind = 'image' | 'audio' | 'video' | 'document'

const kindOfType: Record<string, AttachmentKind> = {
  GIF: 'image',
  JPEG: 'image',
  PNG: 'image',
  AAC: 'audio',
  FLAC: 'audio',
  M4A: 'audio',
  MP3: 'audio',
  OGG: 'audio',
  OPUS: 'audio',
  VORBIS: 'audio',
  WAV: 'audio',
  AVI: 'video',
  MKV: 'video',
  MOV: 'video',
  MP4: 'video',
  WEBM: 'video',
  WMV: 'video',
}

/**
 * A voice message is sound whatever its container: a browser's recorder writes Opus into WebM, which
 * by content is indistinguishable from a video without pictures.
 */
export function attachmentKind(type: string, options: { voice?: boolean } = {}): AttachmentKind {
  const kind = Object.hasOwn(kindOfType, type) ? kindOfType[type]! : 'document'
  return options.voice && (kind === 'audio' || kind === 'video') ? 'audio' : kind
}

/**
 * Markup a browser would run as a web page: a text file that is HTML or SVG, or an image with a page
 * behind its header (a polyglot). Bytes are read as Latin-1 so any content can be searched.
 */
export function containsPageMarkup(bytes: Uint8Array): boolean {
  const text = new TextDecoder('latin1').decode(bytes).toLowerCase()
  return /<(?:script|html|svg|iframe|body|object|embed|form|!doctype\s+html|meta\s+http-equiv)[\s/>]/.test(
    text,
  )
}

/** An upload as the send path sees it when a message wants to carry it. */
export interface UploadFacts {
  conversationId: string
  uploader: { kind: 'agent' | 'customer'; id: string }
}

/** Only one's own upload, made for this conversation, goes into one's message. */
export function canAttach(
  upload: UploadFacts,
  sender: { kind: 'agent' | 'customer'; id: string },
  conversationId: string,
): Result {
  const own = upload.uploader.kind === sender.kind && upload.uploader.id === sender.id
  if (!own || upload.conversationId !== conversationId) {
    return fail('ATTACHMENT_UNAVAILABLE', 'This file was not uploaded here. Please attach it again.')
  }
  return ok()
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
