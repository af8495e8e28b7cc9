import { query } from '@solidjs/router'
import { api } from '../lib/trpc.client.ts'

// Settings → Outbox (issue 11, part 1): the dev outbox, admins only; the server refuses everyone else.

export const OUTBOX_PAGE_SIZE = 50

export const getOutbox = query(() => api.mail.outbox.query({ limit: OUTBOX_PAGE_SIZE }), 'mail.outbox')

export const getOutboxMail = query((id: string) => api.mail.outboxMail.query({ id }), 'mail.outboxMail')
