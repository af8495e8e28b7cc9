import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  type ApiDeps,
  actorFrom,
  admitUpload,
  createContext,
  DomainRefusal,
  fileFor,
  httpStatusOfRefusal,
  storeUpload,
} from '@parley/api'
import { TRPCError } from '@trpc/server'
import { getHTTPStatusCodeFromError } from '@trpc/server/http'
import { z } from 'zod'
import { readUpTo } from './request-body.ts'

export const UPLOAD_PATH = '/api/uploads'
const CLOSE_AFTER_REFUSAL_MS = 2_000
export const FILES_PREFIX = '/files/'

/**
 * Uploads (`POST /api/uploads?conversationId=…&name=…`, the raw bytes as the body) and downloads
 * (`GET /files/<id>`, `/files/<id>/thumbnail`). The bytes stream over plain HTTP, never base64 through
 * JSON; what a file is and who may have it is decided in @parley/api and the domain (rule 10).
 */

const uploadQuery = z.object({
  conversationId: z.uuid(),
  name: z.string().max(1_000),
  voice: z.enum(['0', '1']).optional(),
  durationMs: z.coerce.number().int().min(0).max(3_600_000).optional(),
})

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body))
}

function refuseWith(res: ServerResponse, status: number, code: string, message: string) {
  sendJson(res, status, { error: { code, message } })
}

/** A refusal from the API or the domain as an HTTP answer; anything else is a fault of ours. */
function answerError(res: ServerResponse, error: unknown) {
  const cause: unknown = error instanceof TRPCError ? error.cause : error
  if (cause instanceof DomainRefusal) {
    refuseWith(res, httpStatusOfRefusal(cause.code), cause.code, cause.message)
  } else if (error instanceof TRPCError) {
    refuseWith(res, getHTTPStatusCodeFromError(error), error.code, error.message)
  } else {
    console.error('[upload]', error)
    refuseWith(res, 500, 'INTERNAL_SERVER_ERROR', 'The file could not be stored. Please try again.')
  }
}

export function uploadHandler(deps: ApiDeps) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const maxBytes = deps.settings.uploadMaxBytes
    const tooLarge = () => {
      refuseWith(
        res,
        413,
        'ATTACHMENT_TOO_LARGE',
        `Attachments can be at most ${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB.`,
      )
      // Nothing more is stored or looked at. Closing the connection at once would reset it while the
      // client is still sending, and a reset can take this answer with it; so what still arrives is
      // let through unread for a moment (the client stops on the answer), then the connection closes.
      res.once('finish', () => setTimeout(() => req.destroy(), CLOSE_AFTER_REFUSAL_MS).unref())
    }
    // A browser form cannot send this type across sites without asking first (CORS): no upload in an
    // agent's name from another page.
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
    if (type !== 'application/octet-stream') {
      res.setHeader('connection', 'close')
      refuseWith(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Uploads are sent as application/octet-stream.')
      return
    }
    const query = uploadQuery.safeParse(Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams))
    if (!query.success) {
      res.setHeader('connection', 'close')
      refuseWith(res, 400, 'BAD_REQUEST', 'An upload needs a conversationId and a file name.')
      return
    }
    const declared = Number(req.headers['content-length'] ?? Number.NaN)
    if (declared > maxBytes) {
      tooLarge()
      return
    }
    try {
      const { credentials } = createContext(deps, req, {})
      const actor = await actorFrom(deps.orm.em.fork(), deps, credentials)
      if (!actor) {
        res.setHeader('connection', 'close')
        refuseWith(res, 401, 'UNAUTHORIZED', 'Please sign in.')
        return
      }
      // Before a byte is read: someone who may not write here does not get to send 10 MB first.
      await admitUpload(deps, actor, query.data.conversationId)
      const { body, tooLarge: over } = await readUpTo(req, maxBytes)
      if (over) {
        tooLarge()
        return
      }
      const attachment = await storeUpload(
        deps,
        actor,
        {
          conversationId: query.data.conversationId,
          name: query.data.name,
          voice: query.data.voice === '1',
          durationMs: query.data.durationMs ?? null,
        },
        body,
      )
      sendJson(res, 201, attachment)
    } catch (error) {
      if (!req.complete) res.setHeader('connection', 'close')
      answerError(res, error)
    }
  }
}

const filePath = /^\/files\/([0-9a-f-]{36})(\/thumbnail)?$/

/** Files are answered as data, never as a page of ours: nothing in one may run or load anything. */
const fileHeaders = {
  'content-security-policy': "default-src 'none'; sandbox",
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
  // Who may read a file can change (a conversation moved to Trash): browsers keep it privately, briefly.
  'cache-control': 'private, max-age=300',
  'accept-ranges': 'bytes',
}

export function filesHandler(deps: ApiDeps) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const match = filePath.exec(url.pathname)
    const notFound = () =>
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found.')
    if (!match) {
      notFound()
      return
    }
    try {
      const { credentials } = createContext(deps, req, {})
      const actor = await actorFrom(deps.orm.em.fork(), deps, {
        ...credentials,
        fileKey: url.searchParams.get('key'),
      })
      const file = await fileFor(deps, actor, match[1]!, match[2] ? 'thumbnail' : 'file')
      if (!file) {
        notFound()
        return
      }
      const inline = file.kind !== 'document'
      const headers: Record<string, string> = {
        ...fileHeaders,
        'content-type': file.mime,
        'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', file.name),
      }
      const total = file.content.length
      const range = parseRange(req.headers.range, total)
      if (range === 'unsatisfiable') {
        res.writeHead(416, { ...headers, 'content-range': `bytes */${total}` }).end()
        return
      }
      const [start, end] = range ?? [0, total - 1]
      const length = total === 0 ? 0 : end - start + 1
      res.writeHead(range ? 206 : 200, {
        ...headers,
        'content-length': String(length),
        ...(range ? { 'content-range': `bytes ${start}-${end}/${total}` } : {}),
      })
      res.end(req.method === 'HEAD' || length === 0 ? undefined : file.content.subarray(start, end + 1))
    } catch (error) {
      console.error('[files]', error)
      res.writeHead(500).end()
    }
  }
}

/** `attachment; filename="a.pdf"; filename*=UTF-8''…`: an ASCII stand-in for old clients, the real name for all others. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`
}

/** One byte range (`bytes=0-99`, `bytes=100-`, `bytes=-100`), as players ask; several are answered whole. */
export function parseRange(
  header: string | undefined,
  total: number,
): [number, number] | 'unsatisfiable' | null {
  if (!header) return null
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!match || (match[1] === '' && match[2] === '')) return null
  if (match[1] === '') {
    const suffix = Number(match[2])
    if (suffix === 0) return 'unsatisfiable'
    return [Math.max(0, total - suffix), total - 1]
  }
  const start = Number(match[1])
  const end = match[2] === '' ? total - 1 : Math.min(Number(match[2]), total - 1)
  if (start >= total || end < start) return 'unsatisfiable'
  return [start, end]
}
