import { randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { createTransport } from 'nodemailer'
import {
  checkMail,
  composeOptions,
  MAX_MAIL_BODY_BYTES,
  type Mail,
  type MailAddress,
  type MailLanguage,
  type SentMail,
} from './mail.ts'

/** What the outbox lists: enough to find a mail, without its parts. */
export interface OutboxSummary {
  id: string
  messageId: string
  from: MailAddress
  to: MailAddress
  subject: string
  language: MailLanguage
  /** ISO 8601. */
  sentAt: string
  /** Of the whole RFC 822 message (the .eml). */
  bytes: number
}

export interface OutboxMail extends OutboxSummary {
  html: string
  text: string
}

/** An outbox id, and with an extension the only file names the outbox reads or writes. */
export const OUTBOX_ID = /^\d{13}-[0-9a-f]{12}$/
/** The most summaries one listing returns. */
export const OUTBOX_LIST_MAX = 100
/** Mails kept: older ones are removed as new ones arrive, so a long-running dev stack does not fill the disk. */
export const OUTBOX_KEEP = 500
const SUMMARY_MAX_BYTES = 16 * 1024
const EXTENSIONS = ['eml', 'html', 'txt', 'json'] as const
const SUMMARY_FILE = /^(\d{13}-[0-9a-f]{12})\.json$/

/**
 * Without SMTP_URL mail is kept here, in `<DATA_DIR>/outbox/`, for the local dev stack (DESIGN.md,
 * "Contracts"): per mail the message as it would have been sent (`<id>.eml`, opens in any mail
 * client), its two parts (`.html`, `.txt`) and a summary (`.json`). The summary is written last, and
 * every file is renamed into place complete, so a listing never shows a mail half written.
 */
export class DevOutbox {
  readonly #dir: string
  readonly #from: MailAddress
  readonly #now: () => Date
  readonly #keep: number
  readonly #composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' })

  constructor(dir: string, from: MailAddress, options: { now?: () => Date; keep?: number } = {}) {
    this.#dir = dir
    this.#from = from
    this.#now = options.now ?? (() => new Date())
    this.#keep = options.keep ?? OUTBOX_KEEP
  }

  get dir(): string {
    return this.#dir
  }

  async send(mail: Mail): Promise<SentMail> {
    checkMail(mail)
    const options = composeOptions(mail, this.#from)
    const info = await this.#composer.sendMail(options)
    const message = info.message as Buffer
    const sentAt = this.#now()
    const id = `${String(sentAt.getTime()).padStart(13, '0')}-${randomBytes(6).toString('hex')}`
    const summary: OutboxSummary = {
      id,
      messageId: info.messageId,
      from: { address: this.#from.address, name: options.from.name },
      to: mail.to,
      subject: options.subject,
      language: mail.language,
      sentAt: sentAt.toISOString(),
      bytes: message.byteLength,
    }
    await mkdir(this.#dir, { recursive: true })
    await this.#put(id, 'eml', message)
    await this.#put(id, 'html', mail.html)
    await this.#put(id, 'txt', mail.text)
    await this.#put(id, 'json', JSON.stringify(summary, null, 2))
    await this.#prune()
    return { messageId: info.messageId }
  }

  /** The latest `limit` mails, newest first. */
  async list(limit = 50): Promise<OutboxSummary[]> {
    const count = Math.min(Math.max(1, Math.floor(limit)), OUTBOX_LIST_MAX)
    const ids = (await this.#ids()).slice(0, count)
    const summaries = await Promise.all(ids.map((id) => this.#summary(id)))
    return summaries.filter((summary) => summary !== null)
  }

  /** One mail with its parts, or null when there is none by that id (or the id is no outbox id). */
  async read(id: string): Promise<OutboxMail | null> {
    if (!OUTBOX_ID.test(id)) return null
    const summary = await this.#summary(id)
    if (!summary) return null
    const [html, text] = await Promise.all([this.#text(id, 'html'), this.#text(id, 'txt')])
    if (html === null || text === null) return null
    return { ...summary, html, text }
  }

  #file(id: string, extension: (typeof EXTENSIONS)[number]): string {
    // Never a name from outside: ids are made here and checked against OUTBOX_ID before any read.
    if (!OUTBOX_ID.test(id)) throw new Error(`not an outbox id: ${id}`)
    return path.join(this.#dir, `${id}.${extension}`)
  }

  async #put(id: string, extension: (typeof EXTENSIONS)[number], content: string | Buffer): Promise<void> {
    const target = this.#file(id, extension)
    // Dot-named while incomplete: listings only see `<id>.json`.
    const temporary = path.join(this.#dir, `.${id}.${extension}.tmp`)
    try {
      await writeFile(temporary, content)
      await rename(temporary, target)
    } catch (error) {
      await rm(temporary, { force: true })
      throw error
    }
  }

  async #ids(): Promise<string[]> {
    let names: string[]
    try {
      names = await readdir(this.#dir)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
    return names
      .map((name) => SUMMARY_FILE.exec(name)?.[1])
      .filter((id) => id !== undefined)
      .sort()
      .reverse()
  }

  async #readBounded(file: string, maxBytes: number): Promise<string | null> {
    try {
      if ((await stat(file)).size > maxBytes) return null
      return await readFile(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
  }

  async #summary(id: string): Promise<OutboxSummary | null> {
    const json = await this.#readBounded(this.#file(id, 'json'), SUMMARY_MAX_BYTES)
    if (json === null) return null
    try {
      const parsed = JSON.parse(json) as OutboxSummary
      return parsed.id === id ? parsed : null
    } catch {
      // Not one this outbox wrote (edited by hand, a disk full mid-write before renames were atomic).
      return null
    }
  }

  #text(id: string, extension: 'html' | 'txt'): Promise<string | null> {
    return this.#readBounded(this.#file(id, extension), MAX_MAIL_BODY_BYTES)
  }

  async #prune(): Promise<void> {
    const old = (await this.#ids()).slice(this.#keep)
    // Summary first: a mail is gone from listings before its other files go.
    for (const id of old) {
      for (const extension of ['json', 'eml', 'html', 'txt'] as const) {
        await rm(this.#file(id, extension), { force: true })
      }
    }
  }
}
