import { createHash } from 'node:crypto'
import {
  AgentSession,
  Attachment,
  Contact,
  type EntityManager,
  type StoredAttachment,
  StoredFile,
  UniqueConstraintViolationException,
} from '@parley/db'
import {
  type Actor,
  attachmentKind,
  canAttach,
  canNote,
  checkAttachment,
  cleanLine,
  containsPageMarkup,
  customerPost,
  isVisibleTo,
  looksLikeText,
  type Result,
} from '@parley/domain'
import { fileTypeFromBuffer } from 'file-type'
import sharp from 'sharp'
import { agentActorOf } from './agent-actors.ts'
import type { ApiDeps, Credentials } from './context.ts'
import { loadVisibleConversation } from './conversation-facts.ts'
import { hashToken, safeEqual } from './secrets.ts'
import { refuse } from './trpc.ts'

/** Files uploaded but never sent are removed after a day (issue 7). */
export const UNSENT_UPLOAD_TTL_MS = 24 * 60 * 60 * 1000

/** The longest side of a thumbnail, in pixels: sharp on a phone's screen at twice the density. */
const THUMBNAIL_SIZE = 480

export interface UploadParams {
  conversationId: string
  name: string
  /** A recording from "Record voice message": shown with a player even in a video container. */
  voice: boolean
  durationMs: number | null
}

/**
 * Who brings credentials to an upload or a download: an agent by session cookie, a customer by visitor
 * token (uploads, sent as a header) or by their file key (downloads, in the URL: `<img>` cannot send
 * headers). Null when nobody is signed in.
 */
export async function actorFrom(
  em: EntityManager,
  deps: ApiDeps,
  credentials: Credentials & { fileKey?: string | null },
): Promise<Actor | null> {
  if (credentials.sessionToken) {
    const session = await em.findOne(
      AgentSession,
      { id: hashToken(credentials.sessionToken), expiresAt: { $gt: deps.now() } },
      { populate: ['agent'] },
    )
    const agent = session?.agent
    if (agent && !agent.deactivatedAt) return agentActorOf(em, agent)
  }
  if (credentials.visitorToken) {
    const contact = await em.findOne(Contact, { tokenHash: hashToken(credentials.visitorToken) })
    if (contact) return { kind: 'customer', contactId: contact.id, blocked: contact.blocked }
  }
  if (credentials.fileKey) {
    const [contactId, mac] = credentials.fileKey.split('.')
    const contact = contactId && mac ? await em.findOne(Contact, { id: contactId }).catch(() => null) : null
    if (contact && safeEqual(fileMac(contact.tokenHash), mac!)) {
      return { kind: 'customer', contactId: contact.id, blocked: contact.blocked }
    }
  }
  return null
}

/**
 * A customer's key to the files of their own conversations, derived from their visitor token's hash:
 * it opens nothing the customer could not read anyway (each download checks the message's visibility),
 * and a new visitor token makes it worthless.
 */
export function fileKeyOf(contact: { id: string; tokenHash: string }): string {
  return `${contact.id}.${fileMac(contact.tokenHash)}`
}

function fileMac(tokenHash: string): string {
  return createHash('sha256').update(`parley-file-key:${tokenHash}`).digest('base64url').slice(0, 32)
}

/** What a content sniffer and the domain make of some bytes (rule 10): the type, or the refusal. */
export async function recogniseUpload(bytes: Uint8Array, maxBytes: number, voice: boolean) {
  const sniffed = await fileTypeFromBuffer(bytes)
  const detectedExtension = sniffed?.ext ?? (looksLikeText(bytes) ? 'txt' : null)
  const verdict = checkAttachment(
    { detectedExtension, size: bytes.length, pageMarkup: containsPageMarkup(bytes) },
    maxBytes,
  )
  if (!verdict.ok) return verdict
  const { type } = verdict.value
  const kind = attachmentKind(type, { voice })
  const mime =
    type === 'TXT'
      ? 'text/plain; charset=utf-8'
      : kind === 'audio' && sniffed?.mime.startsWith('video/')
        ? sniffed.mime.replace('video/', 'audio/')
        : (sniffed?.mime ?? 'application/octet-stream')
  return { ok: true as const, value: { type, kind, mime } }
}

/** May this actor put files into this conversation at all? The same rules as writing in it. */
async function checkMayUpload(em: EntityManager, actor: Actor, conversationId: string): Promise<void> {
  const { facts } = await loadVisibleConversation(em, actor, conversationId)
  const verdict: Result<unknown> =
    actor.kind === 'customer' ? customerPost(facts, actor) : canNote(facts, actor)
  if (!verdict.ok) refuse(verdict.error.code, verdict.error.message)
}

/** Before the body is read: refuse the caller who could not use the file anyway. */
export async function admitUpload(deps: ApiDeps, actor: Actor, conversationId: string): Promise<void> {
  await checkMayUpload(deps.orm.em.fork(), actor, conversationId)
}

/**
 * Stores an upload: recognised by content, kept under its hash (once however often it comes), with a
 * thumbnail for pictures; the row waits for the message that carries it.
 */
export async function storeUpload(
  deps: ApiDeps,
  actor: Actor,
  params: UploadParams,
  bytes: Buffer,
): Promise<StoredAttachment> {
  const em = deps.orm.em.fork()
  await checkMayUpload(em, actor, params.conversationId)
  const recognised = await recogniseUpload(bytes, deps.settings.uploadMaxBytes, params.voice)
  if (!recognised.ok) refuse(recognised.error.code, recognised.error.message)
  const { type, kind, mime } = recognised.value
  const hash = await keepContent(deps, bytes)
  const thumbnailHash =
    kind === 'image' ? await thumbnailOf(bytes).then((t) => t && keepContent(deps, t)) : null
  const attachment = em.create(Attachment, {
    conversation: params.conversationId,
    uploaderAgent: actor.kind === 'agent' ? actor.id : null,
    uploaderContact: actor.kind === 'customer' ? actor.contactId : null,
    message: null,
    hash,
    thumbnailHash: thumbnailHash ?? null,
    size: bytes.length,
    type,
    mime,
    kind,
    name: cleanFileName(params.name, type),
    durationMs: params.durationMs,
    createdAt: deps.now(),
  })
  await em.flush()
  return storedAttachmentOf(attachment)
}

export function storedAttachmentOf(attachment: Attachment): StoredAttachment {
  return {
    id: attachment.id,
    name: attachment.name,
    type: attachment.type,
    mime: attachment.mime,
    size: attachment.size,
    kind: attachment.kind,
    thumbnail: attachment.thumbnailHash != null,
    durationMs: attachment.durationMs ?? null,
  }
}

/** One line, no path, at most 200 characters; never empty. */
export function cleanFileName(name: string, type: string): string {
  const base = cleanLine(name.split(/[\\/]/).pop() ?? '').slice(0, 200)
  return base || `file.${type.toLowerCase()}`
}

async function keepContent(deps: ApiDeps, content: Buffer): Promise<string> {
  const hash = createHash('sha256').update(content).digest('hex')
  const em = deps.orm.em.fork()
  if ((await em.count(StoredFile, { hash })) > 0) return hash
  em.create(StoredFile, { hash, content, size: content.length, createdAt: deps.now() })
  try {
    await em.flush()
  } catch (error) {
    // The same content arrived at the same moment (another upload, another instance): it is stored.
    if (!(error instanceof UniqueConstraintViolationException)) throw error
  }
  return hash
}

/** A picture's thumbnail as WebP, turned upright; null when the picture cannot be read. */
async function thumbnailOf(bytes: Buffer): Promise<Buffer | null> {
  try {
    return await sharp(bytes, { limitInputPixels: 50_000_000 })
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 78 })
      .toBuffer()
  } catch {
    return null
  }
}

/** The files a message is to carry, in the order given: each the sender's own upload for this conversation. */
export async function attachmentsForSend(
  em: EntityManager,
  sender: { kind: 'agent' | 'customer'; id: string },
  conversationId: string,
  ids: string[],
): Promise<StoredAttachment[]> {
  if (ids.length === 0) return []
  const unique = [...new Set(ids)]
  const rows = await em.find(Attachment, { id: { $in: unique } })
  const byId = new Map(rows.map((row) => [row.id, row]))
  return unique.map((id) => {
    const row = byId.get(id)
    if (!row) refuse('ATTACHMENT_UNAVAILABLE', 'This file has expired. Please attach it again.')
    const verdict = canAttach(
      {
        conversationId: row.conversation.id,
        uploader: row.uploaderAgent
          ? { kind: 'agent', id: row.uploaderAgent.id }
          : { kind: 'customer', id: row.uploaderContact?.id ?? '' },
      },
      sender,
      conversationId,
    )
    if (!verdict.ok) refuse(verdict.error.code, verdict.error.message)
    return storedAttachmentOf(row)
  })
}

export interface ServedFile {
  content: Uint8Array
  mime: string
  name: string
  kind: StoredAttachment['kind']
}

/**
 * A file for someone who may read its message (rule 10: the message's visibility, and the conversation
 * as rules 8 and 9 allow it), or null — the same for a file that does not exist, is not sent yet, or is
 * someone else's, so ids cannot be probed.
 */
export async function fileFor(
  deps: ApiDeps,
  actor: Actor | null,
  id: string,
  variant: 'file' | 'thumbnail',
): Promise<ServedFile | null> {
  if (!actor) return null
  const em = deps.orm.em.fork()
  const attachment = await em.findOne(Attachment, { id }, { populate: ['message'] })
  const message = attachment?.message
  if (!attachment || !message) return null
  try {
    await loadVisibleConversation(em, actor, attachment.conversation.id)
  } catch {
    return null
  }
  if (!isVisibleTo(message, actor)) return null
  const hash = variant === 'thumbnail' ? attachment.thumbnailHash : attachment.hash
  if (!hash) return null
  const stored = await em.findOne(StoredFile, { hash })
  if (!stored) return null
  return variant === 'thumbnail'
    ? { content: stored.content, mime: 'image/webp', name: attachment.name, kind: 'image' }
    : { content: stored.content, mime: attachment.mime, name: attachment.name, kind: attachment.kind }
}

/** Uploads never sent, older than a day, and content no upload refers to any more. */
export async function removeUnsentUploads(deps: ApiDeps): Promise<number> {
  const em = deps.orm.em.fork()
  const before = new Date(deps.now().getTime() - UNSENT_UPLOAD_TTL_MS)
  const removed = await em.nativeDelete(Attachment, { message: null, createdAt: { $lt: before } })
  if (removed > 0) {
    await em.getConnection().execute(
      `delete from stored_file where not exists (select 1 from attachment a where a.hash = stored_file.hash)
        and not exists (select 1 from attachment a where a.thumbnail_hash = stored_file.hash)`,
    )
  }
  return removed
}
