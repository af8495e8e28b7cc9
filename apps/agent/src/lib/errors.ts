import { TRPCClientError } from '@trpc/client'
import { formatWait, hasMessage, t } from '../i18n/index.ts'

interface ErrorData {
  code?: unknown
  domainCode?: unknown
  fieldErrors?: Record<string, string[] | undefined> | null
  /** With TOO_MANY_REQUESTS (sign-in and setup attempts). */
  retryAfterSeconds?: number | null
}

function dataOf(error: unknown): ErrorData | undefined {
  return error instanceof TRPCClientError ? (error.data as ErrorData | undefined) : undefined
}

/** The tRPC error code ('UNAUTHORIZED', 'NOT_FOUND', …), when the server answered at all. */
export function errorCode(error: unknown): string | undefined {
  const code = dataOf(error)?.code
  return typeof code === 'string' ? code : undefined
}

/** A message for people: the translated domain code when a rule refused, else the server's own words. */
export function errorMessage(error: unknown): string {
  const data = dataOf(error)
  if (typeof data?.retryAfterSeconds === 'number') {
    return t('error.tooManyAttempts', { when: formatWait(data.retryAfterSeconds) })
  }
  // Still busy after the client's retries (trpc.client.ts): worth saying, since trying again will work.
  if (data?.code === 'SERVICE_UNAVAILABLE') return t('error.busy')
  if (data?.domainCode) {
    const key = `error.${String(data.domainCode)}`
    if (hasMessage(key)) return t(key)
  }
  // Input validation: the field messages, not the raw list of issues the error message carries.
  const fieldMessages = Object.values(data?.fieldErrors ?? {}).flatMap((messages) => messages ?? [])
  if (fieldMessages.length > 0) return fieldMessages.join(' ')
  if (error instanceof TRPCClientError && !data) return t('error.network')
  if (error instanceof Error && error.message) return error.message
  return t('error.generic')
}
