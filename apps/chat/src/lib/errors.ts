import { TRPCClientError } from '@trpc/client'
import { formatWait, hasMessage, t } from '../i18n/index.ts'

interface ErrorData {
  code?: string
  domainCode?: string | null
  /** With TOO_MANY_REQUESTS: sending faster, or starting more conversations, than a person would. */
  retryAfterSeconds?: number | null
}

function errorData(error: unknown): ErrorData | undefined {
  return error instanceof TRPCClientError
    ? ((error.data as ErrorData | null | undefined) ?? undefined)
    : undefined
}

export function domainCode(error: unknown): string | undefined {
  return errorData(error)?.domainCode ?? undefined
}

/** The server no longer knows this browser's visitor token (deleted contact, reset database…). */
export function isUnauthorized(error: unknown): boolean {
  return errorData(error)?.code === 'UNAUTHORIZED'
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
