import { TRPCClientError } from '@trpc/client'
import { formatWait, hasMessage, t } from '../i18n/index.ts'

interface ErrorData {
  code?: string
  domainCode?: string | null
  /** With TOO_MANY_REQUESTS: sending faster, or starting more conversations, than a person would. */
  retryAfterSeconds?: number | null
  /** The inputs a refusal is about (a form's field left blank or not readable), by name. */
  fieldErrors?: Record<string, string[] | undefined> | null
}

function errorData(error: unknown): ErrorData | undefined {
  return error instanceof TRPCClientError
    ? ((error.data as ErrorData | null | undefined) ?? undefined)
    : undefined
}

export function domainCode(error: unknown): string | undefined {
  return errorData(error)?.domainCode ?? undefined
}

/** The first input a refusal names, so a form can say which of its fields to fix. */
export function refusedField(error: unknown): string | undefined {
  return Object.keys(errorData(error)?.fieldErrors ?? {})[0]
}

/** The server no longer knows this browser's visitor token (deleted contact, reset database…). */
export function isUnauthorized(error: unknown): boolean {
  return errorData(error)?.code === 'UNAUTHORIZED'
}

/** Failures that say nothing against the message itself: the same send may well go through later. */
const passing = new Set([
  'TOO_MANY_REQUESTS',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
  'TIMEOUT',
  'BAD_GATEWAY',
  'GATEWAY_TIMEOUT',
  'CLIENT_CLOSED_REQUEST',
])

/**
 * The server answered no (a rule, an input it cannot take, an ended session): sending the same again
 * gets the same answer. A lost connection (no answer at all), a busy server or sending too fast is not
 * one: such a message is worth retrying.
 */
export function isRefusal(error: unknown): boolean {
  const data = errorData(error)
  if (!data) return false
  return Boolean(data.domainCode) || !passing.has(data.code ?? '')
}

/** Words for the customer: the translated rule when the domain refused, else a generic message. */
export function errorMessage(error: unknown): string {
  const wait = errorData(error)?.retryAfterSeconds
  if (typeof wait === 'number') return t('error.tooFast', { when: formatWait(wait) })
  // Still busy after the client's retries (trpc.client.ts): worth saying, since trying again will work.
  if (errorData(error)?.code === 'SERVICE_UNAVAILABLE') return t('error.busy')
  const code = domainCode(error)
  const key = `error.${code}`
  if (code && hasMessage(key)) return t(key)
  if (error instanceof TRPCClientError && !error.data && error.cause instanceof TypeError)
    return t('error.network')
  return t('error.generic')
}
