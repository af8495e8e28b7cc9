/**
 * Expected failures are values with stable codes; the api layer maps them to tRPC errors and the apps
 * translate them (`error.<CODE>`). Unexpected failures are thrown.
 */
export type DomainErrorCode =
  | 'NOT_ASSIGNED'
  | 'TICKET_CLOSED'
  | 'NOT_VISIBLE'
  | 'CONTACT_BLOCKED'
  | 'AGENTS_ONLY'
  | 'CUSTOMERS_ONLY'
  | 'ALREADY_IN_STATE'
  | 'INVALID_TRANSITION'
  | 'ADMIN_ONLY'
  | 'LAST_ADMIN'
  | 'IN_TRASH'
  | 'NOT_YOURSELF'
  | 'OFFER_TAKEN'
  | 'OFFER_PENDING'
  | 'VIDEO_DISABLED'
  | 'ATTACHMENT_TYPE'
  | 'ATTACHMENT_TOO_LARGE'
  | 'ATTACHMENT_UNAVAILABLE'
  | 'TOO_MANY_ATTACHMENTS'
  | 'INTERNAL_CONVERSATION'
  | 'EMPTY_MESSAGE'
  | 'MESSAGE_TOO_LONG'
  | 'NOT_A_TICKET'
  | 'ALREADY_A_TICKET'
  | 'MESSAGES_IMMUTABLE'
  | 'ARTICLE_INVALID'
  | 'SLUG_INVALID'
  | 'SLUG_TAKEN'
  | 'ARTICLE_CHANGED'
  | 'PRECHAT_INVALID'
  | 'PRECHAT_REQUIRED'
  | 'IDENTITY_UNVERIFIED'
  | 'PUSH_ENDPOINT_INVALID'
  | 'NO_EMAIL_ADDRESS'

export interface DomainError {
  readonly code: DomainErrorCode
  readonly message: string
  /** The input a form refusal is about (a required field left blank), so the app can point at it. */
  readonly field?: string
}

export type Result<T = void> = { ok: true; value: T } | { ok: false; error: DomainError }

export function ok(): Result<void>
export function ok<T>(value: T): Result<T>
export function ok<T>(value?: T): Result<T | undefined> {
  return { ok: true, value }
}

export function fail<T = never>(code: DomainErrorCode, message: string, field?: string): Result<T> {
  return { ok: false, error: field === undefined ? { code, message } : { code, message, field } }
}
