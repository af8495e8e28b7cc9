import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Reply by email (issue 11, part 3): the token in `reply+<token>@INBOUND_EMAIL_DOMAIN` says which
 * conversation a reply belongs to and whom it was sent to, signed so nobody can make one up. It is
 * stateless: nothing is stored per mail, any instance checks it with the helpdesk's secret.
 *
 * Layout (47 bytes): version and recipient kind (1), conversation id (16), recipient id (16), expiry in
 * minutes since 1970 (4), then the first 10 bytes (80 bits) of HMAC-SHA256 over the rest. Written in
 * lower-case base32, because mail systems often change the case of a local part and hex would make it
 * 94 characters long. Two uuids and the MAC cannot fit the 64 characters RFC 5321 gives a local part;
 * 82 (`reply+` and 76) is accepted by the mail systems in use.
 */

export type ReplyRecipientKind = 'agent' | 'customer'

export interface ReplyTokenPayload {
  conversationId: string
  recipient: { kind: ReplyRecipientKind; id: string }
  /** Whole minutes: what is signed is rounded down to the minute. */
  expiresAt: Date
}

export type ReplyTokenRefusal = 'forged' | 'expired' | 'malformed'

export type VerifiedReplyToken =
  | { ok: true; payload: ReplyTokenPayload }
  | { ok: false; reason: ReplyTokenRefusal }

const VERSION = 1
const PAYLOAD_BYTES = 1 + 16 + 16 + 4
const MAC_BYTES = 10
const TOKEN_BYTES = PAYLOAD_BYTES + MAC_BYTES
/** Characters of a token: 47 bytes in base32. */
export const REPLY_TOKEN_LENGTH = Math.ceil((TOKEN_BYTES * 8) / 5)
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** Keeps a MAC made for a reply token from meaning anything elsewhere the secret might be used. */
const CONTEXT = 'parley reply token\n'

function mac(secret: string, payload: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(CONTEXT).update(payload).digest().subarray(0, MAC_BYTES)
}

function uuidBytes(id: string): Buffer {
  if (!UUID.test(id)) throw new Error(`not a uuid: ${id}`)
  return Buffer.from(id.replace(/-/g, ''), 'hex')
}

function uuidOf(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

function base32(bytes: Uint8Array): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31]
  return out
}

function fromBase32(text: string): Buffer | null {
  const bytes: number[] = []
  let bits = 0
  let value = 0
  for (const char of text.toLowerCase()) {
    const digit = ALPHABET.indexOf(char)
    if (digit < 0) return null
    value = ((value << 5) | digit) & 0xffff
    bits += 5
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(bytes)
}

export function signReplyToken(payload: ReplyTokenPayload, secret: string): string {
  const bytes = Buffer.alloc(PAYLOAD_BYTES)
  bytes[0] = (VERSION << 1) | (payload.recipient.kind === 'agent' ? 1 : 0)
  uuidBytes(payload.conversationId).copy(bytes, 1)
  uuidBytes(payload.recipient.id).copy(bytes, 17)
  bytes.writeUInt32BE(Math.floor(payload.expiresAt.getTime() / 60_000), 33)
  return base32(Buffer.concat([bytes, mac(secret, bytes)]))
}

/** The payload of a token this helpdesk signed and that has not expired, or why not. */
export function verifyReplyToken(token: string, secret: string, now: Date): VerifiedReplyToken {
  const bytes = token.length === REPLY_TOKEN_LENGTH ? fromBase32(token) : null
  if (!bytes || bytes.length !== TOKEN_BYTES || bytes[0]! >> 1 !== VERSION) {
    return { ok: false, reason: 'malformed' }
  }
  const payload = bytes.subarray(0, PAYLOAD_BYTES)
  if (!timingSafeEqual(mac(secret, payload), bytes.subarray(PAYLOAD_BYTES))) {
    return { ok: false, reason: 'forged' }
  }
  const expiresAt = new Date(payload.readUInt32BE(33) * 60_000)
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, reason: 'expired' }
  return {
    ok: true,
    payload: {
      conversationId: uuidOf(payload.subarray(1, 17)),
      recipient: {
        kind: (payload[0]! & 1) === 1 ? 'agent' : 'customer',
        id: uuidOf(payload.subarray(17, 33)),
      },
      expiresAt,
    },
  }
}

const REPLY_LOCAL_PART = new RegExp(`^reply\\+([a-z2-7]{${REPLY_TOKEN_LENGTH}})$`, 'i')

/** Where a reply goes: `reply+<token>@domain`. */
export function replyAddress(token: string, domain: string): string {
  return `reply+${token}@${domain}`
}

/** The token of a `reply+<token>@domain` address, else null (another address, another domain). */
export function tokenOfReplyAddress(address: string, domain: string): string | null {
  const at = address.lastIndexOf('@')
  if (at < 0 || address.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return null
  return REPLY_LOCAL_PART.exec(address.slice(0, at))?.[1]?.toLowerCase() ?? null
}

/**
 * The notification's Message-ID, `<token.unique@domain>`: a client that answers From instead of
 * Reply-To still names it in In-Reply-To and References. The unique part keeps two notifications with
 * the same token (same minute) from sharing an id, which clients would take for one mail.
 */
export function threadMessageId(token: string, domain: string, unique: string): string {
  return `<${token}.${unique}@${domain}>`
}

/** Tokens named by Message-IDs of ours in In-Reply-To or References, most recent first. */
export function tokensOfMessageIds(ids: readonly string[], domain: string): string[] {
  const pattern = new RegExp(`^<?([a-z2-7]{${REPLY_TOKEN_LENGTH}})(?:\\.[a-z0-9]+)?@([^>\\s]+)>?$`, 'i')
  return [...ids]
    .reverse()
    .map((id) => pattern.exec(id.trim()))
    .filter((match) => match !== null && match[2]!.toLowerCase() === domain.toLowerCase())
    .map((match) => match![1]!.toLowerCase())
}

/** The last fallback, a line at the foot of the notification that a quoted reply carries along. */
export function bodyMarker(token: string): string {
  return `[ref:${token}]`
}

/** Tokens of body markers in a mail's text (usually in the quoted part), first one first. */
export function tokensOfBodyMarkers(text: string): string[] {
  const pattern = new RegExp(`\\[ref:([a-z2-7]{${REPLY_TOKEN_LENGTH}})\\]`, 'gi')
  return [...text.matchAll(pattern)].map((match) => match[1]!.toLowerCase())
}
